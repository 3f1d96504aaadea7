import { describe, expect, it } from "vitest";

import { amountForInput, multiplyDecimal, parseAmount } from "./amount";

describe("parseAmount", () => {
  it.each([
    // What a French founder types, as their bank writes it
    ["fr", "1 500,00 €", "1500.00"],
    ["fr", "1 500,00", "1500.00"],
    ["fr", "1\u202f500,00", "1500.00"],
    ["fr", "1.500,00", "1500.00"],
    ["fr", "1.500", "1500"],
    ["fr", "1500.50", "1500.50"],
    ["fr", "12,5", "12.5"],
    // "1,500" is one and a half in French: the decimals check then speaks for the currency
    ["fr", "1,500", "1.500"],
    // What an English-speaking founder types
    ["en", "1,500.00", "1500.00"],
    ["en", "1,500", "1500"],
    ["en", "EUR 1,500.00", "1500.00"],
    ["en", "1500.5", "1500.5"],
    ["en", "12,345,678.90", "12345678.90"],
  ] as const)("in %s reads %s as %s", (language, raw, value) => {
    expect(parseAmount(raw, language)).toEqual({ ok: true, value });
  });

  it.each([
    ["en", "", "empty"],
    ["en", "   ", "empty"],
    ["en", "abc", "format"],
    ["en", "12a", "format"],
    ["en", "1,50", "grouping"],
    ["en", "1,5000.00", "grouping"],
    ["fr", "1.50,00", "grouping"],
    ["en", "1.2.3", "decimals"],
    ["fr", "1,2,3", "decimals"],
    ["en", "15.", "format"],
    ["en", "-5", "format"],
  ] as const)("in %s refuses %j as %s", (language, raw, problem) => {
    expect(parseAmount(raw, language)).toEqual({ ok: false, problem });
  });
});

describe("amountForInput", () => {
  it("writes a stored amount back with the language's decimal mark", () => {
    expect(amountForInput("1250.50", "fr")).toBe("1250,50");
    expect(amountForInput("1250.50", "en")).toBe("1250.50");
  });
});

describe("multiplyDecimal", () => {
  it("converts exactly, rounding half to even like the server", () => {
    expect(multiplyDecimal("1500.00", "10.8057")).toBe("16208.55");
    // 1250.00 × 10.8057 = 13507.125: the even centime is kept
    expect(multiplyDecimal("1250.00", "10.8057")).toBe("13507.12");
    expect(multiplyDecimal("1250.10", "10.8057")).toBe("13508.21");
    expect(multiplyDecimal("1500", "0.0654")).toBe("98.10");
    expect(multiplyDecimal("123456789012345.67", "10.8057")).toBe("1334037025030703.61");
  });
});
