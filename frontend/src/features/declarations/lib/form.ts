/** Client-side checks of the declaration form: the same rules the API applies, said earlier. */

import type { DeclarationsMessageKey } from "./i18n";

// Currencies whose minor unit is not 2 (ISO 4217); every other known code has 2 decimals.
const MINOR_UNITS: Readonly<Record<string, number>> = {
  BHD: 3, BIF: 0, CLP: 0, DJF: 0, GNF: 0, IQD: 3, ISK: 0, JOD: 3, JPY: 0, KMF: 0, KRW: 0,
  KWD: 3, LYD: 3, OMR: 3, PYG: 0, RWF: 0, TND: 3, UGX: 0, UYW: 4, VND: 0, VUV: 0, XAF: 0,
  XOF: 0, XPF: 0,
};

export function minorUnits(currency: string): number {
  return MINOR_UNITS[currency] ?? 2;
}

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
};

/** "1 234,56" or "1,234.56" → "1234.56"; anything else is returned trimmed, for the checks. */
export function normaliseAmount(raw: string): string {
  const compact = raw.replace(/[\s\u00a0\u202f']/g, "");
  const comma = compact.lastIndexOf(",");
  const point = compact.lastIndexOf(".");
  if (comma >= 0 && point >= 0) {
    return comma > point ? compact.replace(/\./g, "").replace(",", ".") : compact.replace(/,/g, "");
  }
  if (comma >= 0 && compact.indexOf(",") === comma) {
    return compact.replace(",", ".");
  }
  return compact;
}

export type FieldProblems = Partial<Record<string, DeclarationsMessageKey | [DeclarationsMessageKey, Record<string, string | number>]>>;

/** The form's problems keyed by the API's field paths (e.g. `amount.amount`). */
export function checkForm(values: FormValues, today: string, incomingCategories: ReadonlySet<string>): FieldProblems {
  const problems: FieldProblems = {};
  for (const field of ["reference", "category", "value_date", "counterparty_name"] as const) {
    if (values[field].trim() === "") {
      problems[field === "counterparty_name" ? "counterparty.name" : field] = "check.required";
    }
  }
  const amount = normaliseAmount(values.amount);
  if (values.amount.trim() === "") {
    problems["amount.amount"] = "check.required";
  } else if (!/^\d+(\.\d+)?$/.test(amount)) {
    problems["amount.amount"] = "check.amountFormat";
  } else if (Number(amount) <= 0) {
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
  return problems;
}

/** The API body of an amendment: everything the form says except the reference, which stays. */
export function toChangesBody(values: FormValues) {
  const incoming = values.direction === "incoming";
  return {
    direction: values.direction,
    category: values.category,
    channel: values.channel,
    amount: { amount: normaliseAmount(values.amount), currency: values.currency.trim().toUpperCase() },
    value_date: values.value_date,
    counterparty: {
      name: values.counterparty_name.trim(),
      country: values.counterparty_country.trim().toUpperCase(),
    },
    description: values.description.trim(),
    service_performance_date: values.service_performance_date || null,
    expected_repatriation_date: incoming ? values.expected_repatriation_date || null : null,
  };
}

/** The API body for valid form values. */
export function toBody(values: FormValues) {
  return { reference: values.reference.trim(), ...toChangesBody(values) };
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
}

const CHANNELS: readonly string[] = ["card", "transfer", "other"] satisfies FormValues["channel"][];

function isChannel(value: string): value is FormValues["channel"] {
  return CHANNELS.includes(value);
}

/** The form filled in with a declaration's values, to amend it. */
export function declarationToForm(declaration: DeclarationFacts): FormValues {
  // The API types its output enums as plain strings; they hold the input enums' values.
  return {
    reference: declaration.reference,
    direction: declaration.direction === "incoming" ? "incoming" : "outgoing",
    category: declaration.category,
    channel: isChannel(declaration.channel) ? declaration.channel : EMPTY_FORM.channel,
    amount: declaration.amount.amount,
    currency: declaration.amount.currency,
    value_date: declaration.value_date,
    counterparty_name: declaration.counterparty.name,
    counterparty_country: declaration.counterparty.country,
    description: declaration.description,
    service_performance_date: declaration.service_performance_date ?? "",
    expected_repatriation_date: declaration.expected_repatriation_date ?? "",
  };
}

/** "0012.50" → "12.5": the server compares amounts as decimals, not as strings. */
function canonicalDecimal(value: string): string {
  const [whole = "", fraction = ""] = value.split(".");
  const units = whole.replace(/^0+(?=\d)/, "");
  const decimals = fraction.replace(/0+$/, "");
  return decimals === "" ? units : `${units}.${decimals}`;
}

function comparable(values: FormValues): string {
  const body = toChangesBody(values);
  return JSON.stringify({ ...body, amount: { ...body.amount, amount: canonicalDecimal(body.amount.amount) } });
}

/** Whether `values` would send what `initial` already says: the API refuses such an amendment. */
export function changesNothing(initial: FormValues, values: FormValues): boolean {
  return comparable(initial) === comparable(values);
}
