import type { components } from "@/api/schema";

import type { Filtering } from "../lib/filters";

// The measures endpoint declares its parts as free JSON (`unknown` in the generated schema); these
// are their shapes as `backend/evidence/present.py` builds them. Counts are null when suppressed.

/** A verdict pair (rules in force × proposal), in the order every table uses. */
export const PAIRS = [
  "unlocked",
  "breach_both",
  "compliant_both",
  "newly_blocked",
  "review_or_pending",
  "not_trialled",
] as const;
export type Pair = (typeof PAIRS)[number];
export const TOTAL = "TOTAL";
/**
 * The pairs whose in-force verdict a rule decides (a breach or a review), so split into a
 * law-backed and an illustrative part; a declaration compliant now rests on no rule.
 */
export const SPLIT_PAIRS: readonly Pair[] = ["unlocked", "breach_both", "review_or_pending", "not_trialled"];
/** Whether a figure rests on official or press-reported rules (`law`) or on illustrative values. */
export const BASES = ["law", "illustrative"] as const;
export type Basis = (typeof BASES)[number] | typeof TOTAL;

export interface Cell {
  declarations: number | null;
  participants: number | null;
  /** MAD as a decimal string ("2500000.00"), rounded for advocates; null when suppressed. */
  mad: string | null;
  suppressed: boolean;
}

export interface PairRow extends Cell {
  pair: Pair | typeof TOTAL;
  basis: Basis;
  [dimension: string]: unknown;
}

/** Decided cases of one review outcome (or `TOTAL`): friction as sums, as the server adds them. */
export interface ReviewRow {
  /** A case outcome (`allowed_under_sandbox`, `breach_confirmed`, …) or `TOTAL`. */
  outcome: string;
  scope: string;
  cases: number | null;
  participants: number | null;
  /** Whole days from declaration to decision, summed over the cases. */
  days_total: number | null;
  /** Requests for documents sent to startups on these cases. */
  documents_requested: number | null;
  suppressed: boolean;
}

/** Declarations of the scope by how their MAD amount was obtained (or `TOTAL`). */
export interface ConversionRow {
  /** `official`, `carried_forward`, `derived`, `estimate`, `in_dirhams`, `pending` or `TOTAL`. */
  method: string;
  declarations: number | null;
  participants: number | null;
  suppressed: boolean;
}

export interface AllowanceRow {
  bucket: string;
  /** `kind:rule_id`, e.g. "in_force:CARD_CAP". */
  allowance: string;
  participants: number | null;
  used_mad: string | null;
  suppressed: boolean;
}

export interface AllowanceSummary {
  allowance: string;
  kind: string;
  rule_id: string;
  participants: number | null;
  near_cap: number | null;
  at_cap: number | null;
  near_cap_percent: number;
  suppressed: boolean;
}

export interface Disclosure {
  min_participants: number;
  rounding_mad: number;
}

/** Where a rule's figures come from: every rule of the versions in scope. */
export type RuleSource = components["schemas"]["RuleSource"];

export interface Measures {
  period: { date_from: string; date_to: string };
  filter: { dimension: string; value: string } | null;
  /** Per pair, its law-backed part, its illustrative part and its total (`TOTAL` has only one). */
  headline: Record<Pair | typeof TOTAL, Partial<Record<Basis, Cell>>>;
  allowances: AllowanceSummary[];
  tables: {
    pairs: PairRow[];
    monthly?: PairRow[];
    by_category?: PairRow[];
    by_cluster?: PairRow[];
    by_country?: PairRow[];
    allowance?: AllowanceRow[];
    reviews?: ReviewRow[];
    conversions?: ConversionRow[];
    [name: string]: unknown;
  };
  /** Tables left out of this answer, and why (a code). */
  unavailable: Record<string, string>;
  /** Null for regulators: exact figures, nothing suppressed or rounded. */
  disclosure: Disclosure | null;
  rules: RuleSource[];
  filtering: Filtering;
  /** When the figures were counted (ISO 8601 with its offset). */
  figures_as_of: string;
  /** False: later changes are still being counted; the figures are those of `figures_as_of`. */
  up_to_date: boolean;
}

export type ExportFormat = components["schemas"]["FormatEnum"];
export type ExportJob = components["schemas"]["ExportOutput"];
export type Pack = components["schemas"]["PackOutput"];
export type VerifyResult = components["schemas"]["VerifyOutput"];
export type PackCheck = components["schemas"]["PackCheckOutput"];
export type ParticipantRow = components["schemas"]["ImpactParticipantRow"];
