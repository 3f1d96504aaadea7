import { formatDateLong, formatMad } from "@/lib/format";
import type { Language } from "@/lib/i18n";
import { codeLabel } from "@/lib/i18n/codes";

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

/** Share of the limit used, in whole percent, clamped to [0, 100] for the bar's width; null
 * when the limit hangs on a fact nobody has recorded (no share of an unknown cap is shown). */
export function usedPercent(used: string, limit: string | null): number | null {
  if (limit === null) {
    return null;
  }
  const cap = toCentimes(limit);
  if (cap <= 0n) {
    return PERCENT;
  }
  const share = Number((toCentimes(used) * BigInt(PERCENT)) / cap);
  return Math.max(0, Math.min(PERCENT, share));
}

/** Over the cap for certain: over the known cap, or over the highest an unknown one can be. */
export function isOver(row: HeadroomRow): boolean {
  return toCentimes(row.used) > toCentimes(row.limit ?? row.limit_high);
}

/** "1 240 000 of 2 000 000 MAD used in 2026 under the rules in force" in the reader's language. */
export function headroomLine(row: HeadroomRow, language: Language): string {
  const t = headroomMessages.fixedT(language);
  const common = {
    used: formatMad(row.used, language, AUTO),
    year: row.period_start.slice(0, 4),
    rulebook: t(row.rulebook.kind === "in_force" ? "kind.in_force" : "kind.proposed"),
  };
  if (row.limit === null) {
    return t("headroom.lineUnknown", {
      ...common,
      low: formatMad(row.limit_low, language, AUTO),
      high: formatMad(row.limit_high, language, AUTO),
    });
  }
  return t("headroom.line", { ...common, limit: formatMad(row.limit, language, AUTO) });
}

export function resetLine(row: HeadroomRow, language: Language): string {
  const t = headroomMessages.fixedT(language);
  const resets = formatDateLong(row.resets_on, language);
  if (row.left === null) {
    return t("headroom.leftUnknown", {
      low: formatMad(row.left_low, language, AUTO),
      high: formatMad(row.left_high, language, AUTO),
      resets,
    });
  }
  return t("headroom.left", { left: formatMad(row.left, language, AUTO), resets });
}

/** Which unrecorded facts the cap hangs on, in words; null when the cap is known. */
export function missingLine(row: HeadroomRow, language: Language): string | null {
  if (row.missing_facts.length === 0) {
    return null;
  }
  const facts = row.missing_facts.map((fact) => codeLabel(language, "fact", fact)).join(", ");
  return headroomMessages.fixedT(language)("headroom.missing", { facts });
}

/** Rules in force first, then the proposal; by rule within each. */
export function orderRows(rows: readonly HeadroomRow[]): HeadroomRow[] {
  const rank = (row: HeadroomRow) => (row.rulebook.kind === "in_force" ? 0 : 1);
  return [...rows].sort((a, b) => rank(a) - rank(b) || a.rule_id.localeCompare(b.rule_id));
}
