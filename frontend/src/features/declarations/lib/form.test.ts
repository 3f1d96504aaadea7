import { describe, expect, it } from "vitest";

import {
  changesNothing,
  checkForm,
  declarationToForm,
  EMPTY_FORM,
  normaliseAmount,
  toBody,
  toChangesBody,
  type DeclarationFacts,
  type FormValues,
} from "./form";

const VALID: FormValues = {
  ...EMPTY_FORM,
  reference: "INV-1",
  category: "SAAS_CLOUD",
  amount: "1 250,50",
  value_date: "2026-03-25",
  counterparty_name: "Example Cloud Ltd",
  counterparty_country: "ie",
};
const INCOMING = new Set(["SERVICE_EXPORT_RECEIPT"]);

describe("normaliseAmount", () => {
  it.each([
    ["fr", "1 250,50", "1250.50"],
    ["fr", "1.250,50", "1250.50"],
    ["en", "1,250.50", "1250.50"],
    ["fr", "12,5", "12.5"],
    ["en", "1250", "1250"],
    ["en", "1,25", ""],
  ] as const)("in %s reads %s as %s", (language, raw, expected) => {
    expect(normaliseAmount(raw, language)).toBe(expected);
  });
});

describe("checkForm", () => {
  it("accepts a complete payment", () => {
    expect(checkForm(VALID, "2026-11-27", INCOMING, "fr")).toEqual({});
  });

  it("says what is wrong, field by field, as the API would", () => {
    const problems = checkForm(
      { ...VALID, reference: " ", amount: "12,345", value_date: "2026-12-01", counterparty_country: "IRL" },
      "2026-11-27",
      INCOMING,
      "fr",
    );
    expect(problems).toEqual({
      reference: "check.required",
      "amount.amount": ["check.amountPlaces", { currency: "EUR", places: 2 }],
      "counterparty.country": "check.country",
      value_date: "check.future",
    });
  });

  it("knows the currencies without two decimals", () => {
    expect(checkForm({ ...VALID, amount: "10,5", currency: "JPY" }, "2026-11-27", INCOMING, "fr")["amount.amount"]).toEqual([
      "check.amountPlaces",
      { currency: "JPY", places: 0 },
    ]);
    expect(checkForm({ ...VALID, amount: "1,234", currency: "KWD" }, "2026-11-27", INCOMING, "fr")).toEqual({});
  });

  it("ties a receipt to the incoming direction", () => {
    expect(checkForm({ ...VALID, category: "SERVICE_EXPORT_RECEIPT" }, "2026-11-27", INCOMING, "fr").direction).toBe(
      "check.direction",
    );
  });
});

describe("toBody", () => {
  it("sends the amount as a decimal string and codes in upper case", () => {
    expect(toBody(VALID, "fr")).toMatchObject({
      amount: { amount: "1250.50", currency: "EUR" },
      counterparty: { name: "Example Cloud Ltd", country: "IE" },
      expected_repatriation_date: null,
    });
  });
});

/** A declaration as the API answers it (only the fields the form edits). */
const DECLARED: DeclarationFacts = {
  reference: "INV-1",
  direction: "incoming",
  category: "SERVICE_EXPORT_RECEIPT",
  channel: "transfer",
  amount: { amount: "1250.50", currency: "EUR" },
  value_date: "2026-03-25",
  counterparty: { name: "Client SARL", country: "FR" },
  description: "Consulting, March",
  service_performance_date: null,
  expected_repatriation_date: "2026-06-30",
  payment_kind: "settlement",
  contract_amount: null,
  subscription_months: null,
};

describe("declarationToForm", () => {
  it("fills in every field with what the declaration says, empty dates as blanks", () => {
    expect(declarationToForm(DECLARED, "fr")).toEqual({
      reference: "INV-1",
      direction: "incoming",
      category: "SERVICE_EXPORT_RECEIPT",
      channel: "transfer",
      // Written back the way a French reader types it.
      amount: "1250,50",
      currency: "EUR",
      value_date: "2026-03-25",
      counterparty_name: "Client SARL",
      counterparty_country: "FR",
      description: "Consulting, March",
      service_performance_date: "",
      expected_repatriation_date: "2026-06-30",
      payment_kind: "settlement",
      contract_amount: "",
      subscription_months: "",
    });
  });

  it("passes the form's own checks, so an untouched amendment is only refused as unchanged", () => {
    expect(checkForm(declarationToForm(DECLARED, "fr"), "2026-11-27", INCOMING, "fr")).toEqual({});
  });

  it("sends back exactly what was declared when nothing is edited", () => {
    const { reference, ...changes } = DECLARED;
    expect(reference).toBe("INV-1");
    expect(toChangesBody(declarationToForm(DECLARED, "fr"), "fr")).toEqual(changes);
  });
});

describe("toChangesBody", () => {
  it("is the creation body without the reference, which an amendment keeps", () => {
    const { reference, ...changes } = toBody(VALID, "fr");
    expect(reference).toBe("INV-1");
    expect(toChangesBody(VALID, "fr")).toEqual(changes);
    expect(toChangesBody(VALID, "fr")).not.toHaveProperty("reference");
  });
});

describe("changesNothing", () => {
  const initial = declarationToForm(DECLARED, "fr");

  it("sees no change in an untouched form, nor in the same amount written differently", () => {
    expect(changesNothing(initial, initial, "fr")).toBe(true);
    expect(changesNothing(initial, { ...initial, amount: "1 250,5" }, "fr")).toBe(true);
    expect(changesNothing(initial, { ...initial, currency: "eur", description: " Consulting, March " }, "fr")).toBe(true);
  });

  it("sees a changed amount, date or counterparty", () => {
    expect(changesNothing(initial, { ...initial, amount: "1300" }, "fr")).toBe(false);
    expect(changesNothing(initial, { ...initial, value_date: "2026-03-26" }, "fr")).toBe(false);
    expect(changesNothing(initial, { ...initial, counterparty_country: "BE" }, "fr")).toBe(false);
  });

  it("sees the repatriation date dropped when the payment becomes outgoing", () => {
    expect(changesNothing(initial, { ...initial, direction: "outgoing" }, "fr")).toBe(false);
  });
});
