import type { Language } from "@/lib/i18n";

import { PAIRS, TOTAL, type AllowanceRow, type Pair, type PairRow } from "../api/types";

const LOCALES: Readonly<Record<Language, string>> = { fr: "fr-FR", en: "en-GB" };

/** One bar of a breakdown: its label and value, or a marked gap when the cell is suppressed. */
export interface SeriesPoint {
  label: string;
  /** Display value for the chart's geometry only (never summed); null when suppressed. */
  value: number | null;
  /** The exact decimal string from the API, for the text. */
  mad: string | null;
  suppressed: boolean;
}

/**
 * The headline order: the pair the proposal unlocks and the pair it newly blocks side by side,
 * first, so the cost of the proposal is read with its benefit, never apart.
 */
export const HEADLINE_ORDER: readonly (Pair | typeof TOTAL)[] = [
  "unlocked",
  "newly_blocked",
  "breach_both",
  "compliant_both",
  "review_or_pending",
  "not_trialled",
  TOTAL,
];

/** `pair`'s MAD per label of `dimension` (the margin row left out), in the table's order. */
export function pairSeries(rows: readonly PairRow[], dimension: string, pair: Pair = "unlocked"): SeriesPoint[] {
  return rows
    .filter((row) => row.pair === pair && row[dimension] !== TOTAL)
    .map((row) => ({
      label: String(row[dimension]),
      value: row.mad === null ? null : Number(row.mad),
      mad: row.mad,
      suppressed: row.suppressed,
    }));
}

/** Usage buckets in percent of the cap, in order (backend `USAGE_BUCKETS`). */
export const BUCKETS = ["0-20", "20-40", "40-60", "60-80", "80-100", "100+"] as const;

export interface AllowanceDistribution {
  allowance: string;
  /** `in_force` or `proposed`: which rulebook the allowance belongs to. */
  kind: string;
  ruleId: string;
  buckets: { bucket: string; participants: number | null; suppressed: boolean }[];
  total: number | null;
}

/** Participants per usage bucket of each allowance, rules in force first, then the proposal. */
export function allowanceDistributions(rows: readonly AllowanceRow[]): AllowanceDistribution[] {
  const names = [...new Set(rows.map((row) => row.allowance).filter((name) => name !== TOTAL))];
  const kindRank = (name: string) => (name.startsWith("in_force:") ? 0 : 1);
  names.sort((a, b) => kindRank(a) - kindRank(b) || a.localeCompare(b));
  return names.map((allowance) => {
    const cells = new Map(rows.filter((row) => row.allowance === allowance).map((row) => [row.bucket, row]));
    const [kind, ruleId] = splitOnce(allowance, ":");
    return {
      allowance,
      kind,
      ruleId,
      buckets: BUCKETS.map((bucket) => {
        const cell = cells.get(bucket);
        // A missing bucket is an empty one; a present null is a suppressed one and stays null.
        return cell === undefined
          ? { bucket, participants: 0, suppressed: false }
          : { bucket, participants: cell.participants, suppressed: cell.suppressed };
      }),
      total: cells.has(TOTAL) ? (cells.get(TOTAL)?.participants ?? null) : null,
    };
  });
}

function splitOnce(value: string, separator: string): [string, string] {
  const at = value.indexOf(separator);
  return at < 0 ? [value, ""] : [value.slice(0, at), value.slice(at + separator.length)];
}

/**
 * A MAD decimal string for the reader, exactly ("2500000.00" → "2 500 000 MAD"): the integer part
 * is grouped as a BigInt so no amount ever passes through a float; cents shown only when not zero.
 */
export function formatMad(value: string | null, language: Language): string | null {
  if (value === null) {
    return null;
  }
  const negative = value.startsWith("-");
  const [whole = "0", cents = ""] = (negative ? value.slice(1) : value).split(".");
  const grouped = BigInt(whole).toLocaleString(LOCALES[language]);
  const fraction = /^0*$/.test(cents) ? "" : (language === "fr" ? "," : ".") + cents;
  return `${negative ? "-" : ""}${grouped}${fraction} MAD`;
}

/** A count for the reader ("1 234"); null (suppressed) stays null. */
export function formatCount(value: number | null, language: Language): string | null {
  return value === null ? null : value.toLocaleString(LOCALES[language]);
}

/** Every table of the payload whose cells can be suppressed, with how many are. */
export function suppressedCount(tables: Readonly<Record<string, unknown>>): number {
  let count = 0;
  for (const rows of Object.values(tables)) {
    if (Array.isArray(rows)) {
      count += (rows as { suppressed?: unknown }[]).filter((row) => row.suppressed === true).length;
    }
  }
  return count;
}

export { PAIRS };
