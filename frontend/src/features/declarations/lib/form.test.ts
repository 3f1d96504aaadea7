import { describe, expect, it } from "vitest";

import { checkForm, EMPTY_FORM, normaliseAmount, toBody, type FormValues } from "./form";

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
    ["1 250,50", "1250.50"],
    ["1.250,50", "1250.50"],
    ["1,250.50", "1250.50"],
    ["12,5", "12.5"],
    ["1250", "1250"],
  ])("reads %s as %s", (raw, expected) => {
    expect(normaliseAmount(raw)).toBe(expected);
  });
});

describe("checkForm", () => {
  it("accepts a complete payment", () => {
    expect(checkForm(VALID, "2026-11-27", INCOMING)).toEqual({});
  });

  it("says what is wrong, field by field, as the API would", () => {
    const problems = checkForm(
      { ...VALID, reference: " ", amount: "12,345", value_date: "2026-12-01", counterparty_country: "IRL" },
      "2026-11-27",
      INCOMING,
    );
    expect(problems).toEqual({
      reference: "check.required",
      "amount.amount": ["check.amountPlaces", { currency: "EUR", places: 2 }],
      "counterparty.country": "check.country",
      value_date: "check.future",
    });
  });

  it("knows the currencies without two decimals", () => {
    expect(checkForm({ ...VALID, amount: "10,5", currency: "JPY" }, "2026-11-27", INCOMING)["amount.amount"]).toEqual([
      "check.amountPlaces",
      { currency: "JPY", places: 0 },
    ]);
    expect(checkForm({ ...VALID, amount: "1,234", currency: "KWD" }, "2026-11-27", INCOMING)).toEqual({});
  });

  it("ties a receipt to the incoming direction", () => {
    expect(checkForm({ ...VALID, category: "SERVICE_EXPORT_RECEIPT" }, "2026-11-27", INCOMING).direction).toBe(
      "check.direction",
    );
  });
});

describe("toBody", () => {
  it("sends the amount as a decimal string and codes in upper case", () => {
    expect(toBody(VALID)).toMatchObject({
      amount: { amount: "1250.50", currency: "EUR" },
      counterparty: { name: "Example Cloud Ltd", country: "IE" },
      expected_repatriation_date: null,
    });
  });
});
