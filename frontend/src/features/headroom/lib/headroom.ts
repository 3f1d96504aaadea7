import { formatDateLong, formatMad } from "@/lib/format";
import type { Language } from "@/lib/i18n";

import type { HeadroomRow } from "../api/headroom";
import { headroomMessages } from "../messages";

// Allowances are whole amounts: their ",00" says nothing.
const AUTO = { cents: "auto" } as const;
const CENTS_PER_MAD = 100n;
const PERCENT = 100;

/** Centimes of a decimal MAD string, exactly (no float on the way). */
export function toCentimes(value: string): bigint {
  const negative = value.startsWith("-");
  const [whole = "0", fraction = ""] = (negative ? value.slice(1) : value).split(".");
  const cents = BigInt(whole) * CENTS_PER_MAD + BigInt(fraction.padEnd(2, "0").slice(0, 2) || "0");
  return negative ? -cents : cents;
}

/** Share of the limit used, in whole percent, clamped to [0, 100] for the bar's width. */
export function usedPercent(used: string, limit: string): number {
  const cap = toCentimes(limit);
  if (cap <= 0n) {
    return PERCENT;
  }
  const share = Number((toCentimes(used) * BigInt(PERCENT)) / cap);
  return Math.max(0, Math.min(PERCENT, share));
}

export function isOver(row: HeadroomRow): boolean {
  return toCentimes(row.used) > toCentimes(row.limit);
}

/** "1 240 000 of 2 000 000 MAD used in 2026 under the rules in force" in the reader's language. */
export function headroomLine(row: HeadroomRow, language: Language): string {
  const t = headroomMessages.fixedT(language);
  return t("headroom.line", {
    used: formatMad(row.used, language, AUTO),
    limit: formatMad(row.limit, language, AUTO),
    year: row.period_start.slice(0, 4),
    rulebook: t(row.rulebook.kind === "in_force" ? "kind.in_force" : "kind.proposed"),
  });
}

export function resetLine(row: HeadroomRow, language: Language): string {
  return headroomMessages.fixedT(language)("headroom.left", {
    left: formatMad(row.left, language, AUTO),
    resets: formatDateLong(row.resets_on, language),
  });
}

/** Rules in force first, then the proposal; by rule within each. */
export function orderRows(rows: readonly HeadroomRow[]): HeadroomRow[] {
  const rank = (row: HeadroomRow) => (row.rulebook.kind === "in_force" ? 0 : 1);
  return [...rows].sort((a, b) => rank(a) - rank(b) || a.rule_id.localeCompare(b.rule_id));
}
