/** Client-side checks of the declaration form: the same rules the API applies, said earlier. */

import { amountForInput, parseAmount, type AmountProblem } from "@/lib/amount";
import { minorUnits } from "@/lib/format";
import type { Language } from "@/lib/i18n";

import type { DeclarationsMessageKey } from "../messages";

export interface FormValues {
  reference: string;
  direction: "outgoing" | "incoming";
  category: string;
  channel: "card" | "transfer" | "other";
  amount: string;
  currency: string;
  value_date: string;
  counterparty_name: string;
  counterparty_country: string;
  description: string;
  service_performance_date: string;
  expected_repatriation_date: string;
  payment_kind: "settlement" | "advance";
  /** An advance: the contract's total, typed like the amount, in the payment's currency. */
  contract_amount: string;
  subscription_months: string;
}

export const EMPTY_FORM: FormValues = {
  reference: "",
  direction: "outgoing",
  category: "",
  channel: "card",
  amount: "",
  currency: "EUR",
  value_date: "",
  counterparty_name: "",
  counterparty_country: "",
  description: "",
  service_performance_date: "",
  expected_repatriation_date: "",
  payment_kind: "settlement",
  contract_amount: "",
  subscription_months: "",
};

/** The typed amount as the API's decimal string, or "" when it cannot be read (the checks say why). */
export function normaliseAmount(raw: string, language: Language): string {
  const parsed = parseAmount(raw, language);
  return parsed.ok ? parsed.value : "";
}

const AMOUNT_PROBLEMS: Readonly<Record<AmountProblem, DeclarationsMessageKey>> = {
  empty: "check.required",
  format: "check.amountFormat",
  grouping: "check.amountGrouping",
  decimals: "check.amountFormat",
};

export type FieldProblems = Partial<Record<string, DeclarationsMessageKey | [DeclarationsMessageKey, Record<string, string | number>]>>;

/** The form's problems keyed by the API's field paths (e.g. `amount.amount`). */
export function checkForm(
  values: FormValues,
  today: string,
  incomingCategories: ReadonlySet<string>,
  language: Language,
): FieldProblems {
  const problems: FieldProblems = {};
  for (const field of ["reference", "category", "value_date", "counterparty_name"] as const) {
    if (values[field].trim() === "") {
      problems[field === "counterparty_name" ? "counterparty.name" : field] = "check.required";
    }
  }
  const parsed = parseAmount(values.amount, language);
  const amount = parsed.ok ? parsed.value : "";
  if (!parsed.ok) {
    problems["amount.amount"] = AMOUNT_PROBLEMS[parsed.problem];
  } else if (/^[0.]+$/.test(amount)) {
    problems["amount.amount"] = "check.amountPositive";
  } else {
    const places = minorUnits(values.currency.trim().toUpperCase());
    if ((amount.split(".")[1] ?? "").length > places) {
      problems["amount.amount"] = ["check.amountPlaces", { currency: values.currency, places }];
    }
  }
  if (!/^[A-Za-z]{3}$/.test(values.currency.trim())) {
    problems["amount.currency"] = "check.currency";
  }
  if (!/^[A-Za-z]{2}$/.test(values.counterparty_country.trim())) {
    problems["counterparty.country"] = "check.country";
  }
  if (values.value_date !== "" && values.value_date > today) {
    problems.value_date = "check.future";
  }
  if (values.category !== "" && incomingCategories.has(values.category) !== (values.direction === "incoming")) {
    problems.direction = "check.direction";
  }
  if (values.payment_kind === "advance") {
    const contract = parseAmount(values.contract_amount, language);
    if (!contract.ok) {
      problems["contract_amount.amount"] = AMOUNT_PROBLEMS[contract.problem];
    }
    if (values.subscription_months.trim() !== "" && !/^[1-9]\d{0,2}$/.test(values.subscription_months.trim())) {
      problems.subscription_months = "check.months";
    }
  }
  return problems;
}

/** The API body of an amendment: everything the form says except the reference, which stays. */
export function toChangesBody(values: FormValues, language: Language) {
  const incoming = values.direction === "incoming";
  return {
    direction: values.direction,
    category: values.category,
    channel: values.channel,
    amount: { amount: normaliseAmount(values.amount, language), currency: values.currency.trim().toUpperCase() },
    value_date: values.value_date,
    counterparty: {
      name: values.counterparty_name.trim(),
      country: values.counterparty_country.trim().toUpperCase(),
    },
    description: values.description.trim(),
    service_performance_date: values.service_performance_date || null,
    expected_repatriation_date: incoming ? values.expected_repatriation_date || null : null,
    payment_kind: incoming ? ("settlement" as const) : values.payment_kind,
    contract_amount:
      !incoming && values.payment_kind === "advance"
        ? { amount: normaliseAmount(values.contract_amount, language), currency: values.currency.trim().toUpperCase() }
        : null,
    subscription_months:
      !incoming && values.payment_kind === "advance" && values.subscription_months.trim() !== ""
        ? Number(values.subscription_months)
        : null,
  };
}

/** The API body for valid form values. */
export function toBody(values: FormValues, language: Language) {
  return { reference: values.reference.trim(), ...toChangesBody(values, language) };
}

/** What a declaration says, as the API returns it: the fields the form edits. */
export interface DeclarationFacts {
  reference: string;
  direction: string;
  category: string;
  channel: string;
  amount: { amount: string; currency: string };
  value_date: string;
  counterparty: { name: string; country: string };
  description: string;
  service_performance_date: string | null;
  expected_repatriation_date: string | null;
  payment_kind?: string;
  contract_amount?: { amount: string; currency: string } | null;
  subscription_months?: number | null;
}

const CHANNELS: readonly string[] = ["card", "transfer", "other"] satisfies FormValues["channel"][];

function isChannel(value: string): value is FormValues["channel"] {
  return CHANNELS.includes(value);
}

/** The form filled in with a declaration's values, to amend it. */
export function declarationToForm(declaration: DeclarationFacts, language: Language): FormValues {
  // The API types its output enums as plain strings; they hold the input enums' values.
  return {
    reference: declaration.reference,
    direction: declaration.direction === "incoming" ? "incoming" : "outgoing",
    category: declaration.category,
    channel: isChannel(declaration.channel) ? declaration.channel : EMPTY_FORM.channel,
    amount: amountForInput(declaration.amount.amount, language),
    currency: declaration.amount.currency,
    value_date: declaration.value_date,
    counterparty_name: declaration.counterparty.name,
    counterparty_country: declaration.counterparty.country,
    description: declaration.description,
    service_performance_date: declaration.service_performance_date ?? "",
    expected_repatriation_date: declaration.expected_repatriation_date ?? "",
    payment_kind: declaration.payment_kind === "advance" ? "advance" : "settlement",
    contract_amount: declaration.contract_amount ? amountForInput(declaration.contract_amount.amount, language) : "",
    subscription_months: declaration.subscription_months ? String(declaration.subscription_months) : "",
  };
}

/** "0012.50" → "12.5": the server compares amounts as decimals, not as strings. */
function canonicalDecimal(value: string): string {
  const [whole = "", fraction = ""] = value.split(".");
  const units = whole.replace(/^0+(?=\d)/, "");
  const decimals = fraction.replace(/0+$/, "");
  return decimals === "" ? units : `${units}.${decimals}`;
}

function comparable(values: FormValues, language: Language): string {
  const body = toChangesBody(values, language);
  const contract = body.contract_amount === null ? null : { ...body.contract_amount, amount: canonicalDecimal(body.contract_amount.amount) };
  return JSON.stringify({
    ...body,
    amount: { ...body.amount, amount: canonicalDecimal(body.amount.amount) },
    contract_amount: contract,
  });
}

/** Whether `values` would send what `initial` already says: the API refuses such an amendment. */
export function changesNothing(initial: FormValues, values: FormValues, language: Language): boolean {
  return comparable(initial, language) === comparable(values, language);
}
