/**
 * What the form asks for each kind of rule (the rulebook schema's parameters, in the order a
 * policy person thinks of them). Parameters that are conditions on participants or payments
 * (overrides, floors, `requires`) keep their place in the YAML view, where they are written.
 */
import type { RuleEntry } from "./document";

export const RULE_KINDS = [
  "period_cap",
  "per_payment_cap",
  "tax_linked_cap",
  "document_threshold",
  "country_list",
  "structuring",
  "deadline",
  "eligibility",
  "rate_staleness",
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export const CONFIDENCES = ["official", "press", "secondary", "illustrative"] as const;
export const OUTCOMES = ["breach", "needs_review"] as const;
export const PERIODS = ["calendar_year", "calendar_quarter", "calendar_month"] as const;
export const MEASURES = ["amount", "advance_share"] as const;
export const DATE_COLUMNS = ["value_date", "service_performance_date", "expected_repatriation_date", "received_date"] as const;
export const DOCUMENT_KINDS = [
  "contract",
  "invoice",
  "proof_of_performance",
  "organiser_invoice",
  "certified_accounts",
  "other",
] as const;
export const CHANNELS = ["card", "transfer", "other"] as const;
export const DIRECTIONS = ["outgoing", "incoming"] as const;
export const CITATION_FIELDS = [
  "instrument",
  "edition",
  "article",
  "section",
  "source",
  "published_on",
  "source_url",
  "note",
] as const;

/**
 * How a value is typed: an amount in dirhams, a percentage (stored in basis points), a whole
 * number, a decimal multiple, one choice of a list, document kinds, countries, or free text.
 */
export type FieldType = "money" | "percent" | "integer" | "decimal" | "choice" | "documents" | "countries" | "text";

/** The group of code labels a choice's options are named by. */
export type ChoiceGroup = "outcome" | "period" | "measure" | "dateColumn";

export interface ParamField {
  key: string;
  type: FieldType;
  options?: readonly string[];
  group?: ChoiceGroup;
  /** Optional fields may be left empty (the engine's default applies); required ones may not. */
  optional?: boolean;
  /** Asked only when this holds (a per-payment cap asks an amount or a share, by its measure). */
  when?: (params: Record<string, unknown>) => boolean;
}

const outcome = (key: string): ParamField => ({ key, type: "choice", options: OUTCOMES, group: "outcome", optional: true });
const period: ParamField = { key: "period", type: "choice", options: PERIODS, group: "period", optional: true };
const isShare = (params: Record<string, unknown>) => params.measure === "advance_share";

export const PARAM_FIELDS: Readonly<Record<RuleKind, readonly ParamField[]>> = {
  period_cap: [{ key: "cap_mad", type: "money" }, period],
  per_payment_cap: [
    { key: "measure", type: "choice", options: MEASURES, group: "measure" },
    { key: "cap_mad", type: "money", when: (params) => !isShare(params) },
    { key: "max_share_bp", type: "percent", when: isShare },
  ],
  tax_linked_cap: [{ key: "cap_mad", type: "money" }, { key: "tax_multiple", type: "decimal" }, period],
  document_threshold: [
    { key: "threshold_mad", type: "money" },
    { key: "required_documents", type: "documents" },
    outcome("missing_outcome"),
  ],
  country_list: [
    { key: "deny", type: "countries", optional: true },
    { key: "review", type: "countries", optional: true },
    { key: "list_name", type: "text", optional: true },
    outcome("unknown_outcome"),
  ],
  structuring: [
    { key: "threshold_mad", type: "money" },
    { key: "low_bp", type: "percent" },
    { key: "min_count", type: "integer" },
    { key: "window_days", type: "integer" },
    outcome("outcome"),
  ],
  deadline: [
    { key: "start", type: "choice", options: DATE_COLUMNS, group: "dateColumn" },
    { key: "end", type: "choice", options: DATE_COLUMNS, group: "dateColumn" },
    { key: "max_days", type: "integer" },
    outcome("missing_start_outcome"),
  ],
  eligibility: [outcome("failure_outcome")],
  rate_staleness: [{ key: "max_lag_days", type: "integer" }, outcome("stale_outcome"), outcome("estimate_outcome")],
};

export function isRuleKind(kind: string): kind is RuleKind {
  return (RULE_KINDS as readonly string[]).includes(kind);
}

/** The fields the form shows for a rule, given its current parameters. */
export function paramFields(rule: RuleEntry): readonly ParamField[] {
  return isRuleKind(rule.kind) ? PARAM_FIELDS[rule.kind].filter((field) => field.when?.(rule.params) ?? true) : [];
}

/** Parameters the form does not ask (conditions, overrides): kept as they are, edited as text. */
export function advancedParams(rule: RuleEntry): string[] {
  const asked = new Set(isRuleKind(rule.kind) ? PARAM_FIELDS[rule.kind].map((field) => field.key) : []);
  return Object.keys(rule.params).filter((key) => !asked.has(key));
}

// Starting values of a new rule of each kind: valid shapes, with the figures left to fill in.
const NEW_PARAMS: Readonly<Record<RuleKind, Record<string, unknown>>> = {
  period_cap: { cap_mad: "", period: "calendar_year" },
  per_payment_cap: { measure: "amount", cap_mad: "" },
  tax_linked_cap: { cap_mad: "", tax_multiple: "1" },
  document_threshold: { threshold_mad: "", required_documents: ["contract", "invoice"] },
  country_list: { review: [] },
  structuring: { threshold_mad: "", low_bp: 1000, min_count: 3, window_days: 30 },
  deadline: { start: "service_performance_date", end: "value_date", max_days: 90 },
  eligibility: { requires: { labelled: true } },
  rate_staleness: { max_lag_days: 5 },
};

/** A new rule of `kind` with an id not used yet, tagged illustrative until someone cites it. */
export function newRule(kind: RuleKind, taken: readonly string[]): RuleEntry {
  let index = taken.length + 1;
  while (taken.includes(`NEW_RULE_${index}`)) {
    index += 1;
  }
  return {
    id: `NEW_RULE_${index}`,
    kind,
    title: { fr: "", en: "" },
    scope: {},
    params: { ...NEW_PARAMS[kind] },
    severity: "medium",
    citation: { instrument: "" },
    confidence: "illustrative",
  };
}
