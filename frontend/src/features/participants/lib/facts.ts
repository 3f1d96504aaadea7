/**
 * The participant-facts form's logic, apart from React: what each fact's form holds, the checks
 * the server applies said before sending, and the PATCH body. A fact is known-yes, known-no or
 * unknown (a boolean), or known with a value or unknown (a date, an amount, a cluster); a known
 * fact always carries the day it is known as of and its source.
 */
import { amountForInput, parseAmount, type AmountProblem } from "@/lib/amount";
import { LOCALES, type Language } from "@/lib/i18n";

import type { FactName, FactsChange, Participant } from "../api/participants";
import type { ParticipantsMessageKey } from "../messages";

export type FactKind = "boolean" | "labelled" | "date" | "amount" | "cluster";

/** Every fact a rule reads, in the order the page shows them. */
export const FACTS: readonly { name: FactName; kind: FactKind }[] = [
  { name: "labelled", kind: "labelled" },
  { name: "incorporated_on", kind: "date" },
  { name: "tax_paid_last_fy", kind: "amount" },
  { name: "pre_revenue", kind: "boolean" },
  { name: "certified_accounts", kind: "boolean" },
  { name: "has_fx_account", kind: "boolean" },
  { name: "categorised_operator", kind: "boolean" },
  { name: "is_cluster_member", kind: "cluster" },
];

export const CLUSTERS = ["SOLAIRE", "C2TM", "MDC", "CE3M", "MNC", "NONE"] as const;
export type ClusterCode = (typeof CLUSTERS)[number];

/** Yes/no facts say which; the others are known (with a value) or not. */
export type FactState = "yes" | "no" | "known" | "unknown";

export interface FactDraft {
  state: FactState;
  /** The date (since when labelled; incorporation), the amount as typed, or the cluster code. */
  value: string;
  /** The day the fact is known as of (YYYY-MM-DD) and where it comes from. */
  asOf: string;
  source: string;
}

export type DraftField = "value" | "asOf" | "source";
export type DraftProblems = Partial<Record<DraftField, ParticipantsMessageKey>>;

// DecimalField(max_digits=16, decimal_places=2) on the server.
const AMOUNT_PLACES = 2;
const AMOUNT_WHOLE_DIGITS = 14;
// FactSourceSerializer.source max_length.
export const SOURCE_MAX_LENGTH = 300;

export function kindOf(fact: FactName): FactKind {
  return FACTS.find((entry) => entry.name === fact)?.kind ?? "boolean";
}

/** The states the form offers for a kind of fact. */
export function statesOf(kind: FactKind): readonly FactState[] {
  return kind === "boolean" || kind === "labelled" ? ["yes", "no", "unknown"] : ["known", "unknown"];
}

/** The participant's field holding the fact's value. */
function valueOf(participant: Participant, fact: FactName): boolean | string | null {
  if (fact === "is_cluster_member") {
    return participant.cluster === "" ? null : participant.cluster;
  }
  return participant[fact];
}

/** Whether the participant knows the fact. */
export function isKnown(participant: Participant, fact: FactName): boolean {
  return valueOf(participant, fact) !== null;
}

/** The form for one fact, filled with what the participant knows now (the source is asked anew). */
export function draftOf(participant: Participant, fact: FactName, language: Language): FactDraft {
  const value = valueOf(participant, fact);
  const kind = kindOf(fact);
  const empty = { asOf: "", source: "" };
  if (value === null) {
    return { state: "unknown", value: "", ...empty };
  }
  if (typeof value === "boolean") {
    const since = fact === "labelled" && value ? (participant.labelled_on ?? "") : "";
    return { state: value ? "yes" : "no", value: since, ...empty };
  }
  return { state: "known", value: kind === "amount" ? amountForInput(value, language) : value, ...empty };
}

/** Whether the draft says the fact is known (and so needs its source). */
export function draftKnown(draft: FactDraft): boolean {
  return draft.state !== "unknown";
}

function needsValue(kind: FactKind, state: FactState): boolean {
  return kind === "labelled" ? state === "yes" : kind !== "boolean" && state === "known";
}

const AMOUNT_PROBLEMS: Readonly<Record<AmountProblem, ParticipantsMessageKey>> = {
  empty: "check.required",
  format: "check.amountFormat",
  grouping: "check.amountGrouping",
  decimals: "check.amountFormat",
};

function amountProblem(raw: string, language: Language): ParticipantsMessageKey | null {
  const parsed = parseAmount(raw, language);
  if (!parsed.ok) {
    return AMOUNT_PROBLEMS[parsed.problem];
  }
  const [whole = "", fraction = ""] = parsed.value.split(".");
  if (fraction.length > AMOUNT_PLACES) {
    return "check.amountPlaces";
  }
  return whole.replace(/^0+(?=\d)/, "").length > AMOUNT_WHOLE_DIGITS ? "check.amountTooLarge" : null;
}

function valueProblem(kind: FactKind, draft: FactDraft, language: Language, today: string): ParticipantsMessageKey | null {
  if (!needsValue(kind, draft.state)) {
    return null;
  }
  if (kind === "amount") {
    return amountProblem(draft.value, language);
  }
  if (draft.value.trim() === "") {
    return "check.required";
  }
  if (kind === "cluster") {
    return (CLUSTERS as readonly string[]).includes(draft.value) ? null : "check.required";
  }
  return draft.value > today ? "check.dateFuture" : null;
}

/**
 * What stops the draft from being sent, per field: a known fact needs its value, the day it is
 * known as of (today at the latest) and its source; an unknown one needs nothing.
 */
export function checkDraft(fact: FactName, draft: FactDraft, language: Language, today: string): DraftProblems {
  const problems: DraftProblems = {};
  const value = valueProblem(kindOf(fact), draft, language, today);
  if (value !== null) {
    problems.value = value;
  }
  if (!draftKnown(draft)) {
    return problems;
  }
  if (draft.asOf === "") {
    problems.asOf = "check.required";
  } else if (draft.asOf > today) {
    problems.asOf = "check.asOfFuture";
  }
  if (draft.source.trim() === "") {
    problems.source = "check.sourceRequired";
  } else if (draft.source.trim().length > SOURCE_MAX_LENGTH) {
    problems.source = "check.sourceLength";
  }
  return problems;
}

function parsedAmount(raw: string, language: Language): string {
  const parsed = parseAmount(raw, language);
  return parsed.ok ? parsed.value : raw;
}

/** The PATCH body for one fact's draft (checked first with `checkDraft`). */
export function toChange(fact: FactName, draft: FactDraft, language: Language): FactsChange {
  const known = draftKnown(draft);
  const sources = known ? { sources: { [fact]: { as_of: draft.asOf, source: draft.source.trim() } } } : {};
  const yesNo = draft.state === "unknown" ? null : draft.state === "yes";
  switch (kindOf(fact)) {
    case "labelled":
      return { labelled: yesNo, labelled_on: draft.state === "yes" ? draft.value : null, ...sources };
    case "boolean":
      return { [fact]: yesNo, ...sources };
    case "date":
      return { incorporated_on: known ? draft.value : null, ...sources };
    case "amount":
      return { tax_paid_last_fy: known ? parsedAmount(draft.value, language) : null, ...sources };
    case "cluster":
      return { cluster: known ? (draft.value as ClusterCode) : "", ...sources };
  }
}

/** The wire fields that hold a fact, as the server's problem pointers name them. */
const WIRE_FIELDS: Readonly<Record<FactName, readonly string[]>> = {
  labelled: ["labelled", "labelled_on"],
  has_fx_account: ["has_fx_account"],
  categorised_operator: ["categorised_operator"],
  certified_accounts: ["certified_accounts"],
  incorporated_on: ["incorporated_on"],
  tax_paid_last_fy: ["tax_paid_last_fy"],
  pre_revenue: ["pre_revenue"],
  is_cluster_member: ["cluster"],
};

/** The form field a server problem's pointer is about, or null when it is about the whole form. */
export function fieldOfPointer(fact: FactName, pointer: string): DraftField | null {
  const [head = "", name = "", leaf = ""] = pointer.split("/").slice(1);
  if (head === "sources" && name === fact) {
    return leaf === "as_of" ? "asOf" : "source";
  }
  return WIRE_FIELDS[fact].includes(head) ? "value" : null;
}

/** A fact's label ("compte en devises") as a heading ("Compte en devises"). */
export function capitalise(text: string, language: Language): string {
  return text.charAt(0).toLocaleUpperCase(LOCALES[language]) + text.slice(1);
}
