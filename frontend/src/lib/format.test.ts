import { describe, expect, it } from "vitest";

import {
  formatDate,
  formatDateRange,
  formatDateTime,
  formatMad,
  formatMoney,
  formatPercent,
  formatRate,
  formatRateValue,
  formatRelative,
  minorUnits,
} from "./format";

const NBSP = "\u00a0";
const NNBSP = "\u202f";

describe("money", () => {
  it("writes an amount with its currency the way each language does", () => {
    expect(formatMoney("1500.00", "EUR", "fr")).toBe(`1${NNBSP}500,00${NBSP}€`);
    expect(formatMoney("1500.00", "EUR", "en")).toBe("€1,500.00");
    expect(formatMad("13507.13", "fr")).toBe(`13${NNBSP}507,13${NBSP}MAD`);
    expect(formatMad("13507.13", "en")).toBe(`MAD${NBSP}13,507.13`);
  });

  it("keeps every digit of a large amount, without a float on the way", () => {
    expect(formatMad("12345678901234567.89", "en")).toBe(`MAD${NBSP}12,345,678,901,234,567.89`);
  });

  it("shows each currency's own decimals, and any extra the value carries", () => {
    expect(formatMoney("1500", "JPY", "en")).toBe("JP¥1,500");
    expect(formatMoney("1.250", "KWD", "en")).toBe(`KWD${NBSP}1.250`);
    expect(formatMoney("10.5", "EUR", "en")).toBe("€10.50");
    expect([minorUnits("JPY"), minorUnits("mad"), minorUnits("KWD")]).toEqual([0, 2, 3]);
  });

  it("leaves out the cents of whole totals when asked", () => {
    expect(formatMad("2000000.00", "fr", { cents: "auto" })).toBe(`2${NNBSP}000${NNBSP}000${NBSP}MAD`);
    expect(formatMad("2000000.50", "fr", { cents: "auto" })).toBe(`2${NNBSP}000${NNBSP}000,50${NBSP}MAD`);
  });

  it("says nothing rather than something wrong for a value that is not a decimal", () => {
    expect(formatMad("", "fr")).toBe("—");
    expect(formatMad("1e5", "en")).toBe("—");
  });
});

describe("rates", () => {
  it("drops the trailing zeros the API stores and keeps four decimals", () => {
    expect(formatRateValue("10.7547000000", "fr")).toBe("10,7547");
    expect(formatRateValue("0.0586200000", "en")).toBe("0.05862");
    expect(formatRateValue("11.0000000000", "en")).toBe("11");
    expect(formatRate("10.7547000000", "EUR", "en")).toBe("1 EUR = 10.7547 MAD");
  });
});

describe("dates and times", () => {
  it("writes a calendar date without shifting it across time zones", () => {
    expect(formatDate("2026-03-25", "fr")).toBe("25 mars 2026");
    expect(formatDate("2026-03-25", "en")).toBe("25 Mar 2026");
    expect(formatDate(null, "en")).toBe("—");
  });

  it("writes a period compactly within a month", () => {
    expect(formatDateRange("2026-03-25", "2026-03-26", "fr")).toBe("25–26 mars 2026");
    expect(formatDateRange("2026-02-17", "2026-03-18", "en")).toBe("17 February 2026 – 18 March 2026");
  });

  it("shows an instant in the viewer's time zone", () => {
    expect(formatDateTime("2026-03-25T15:05:00Z", "fr", "Africa/Casablanca")).toBe("25 mars 2026, 16:05");
    expect(formatDateTime("2026-03-25T15:05:00Z", "en", "Asia/Tokyo")).toBe("26 Mar 2026, 00:05");
  });

  it("says how far away a moment is in the largest unit that fits", () => {
    const now = Date.parse("2026-03-25T12:00:00Z");
    expect(formatRelative("2026-03-27T12:00:00Z", "en", now)).toBe("in 2 days");
    expect(formatRelative("2026-03-27T12:00:00Z", "fr", now)).toBe("après-demain");
    expect(formatRelative("2026-03-25T09:00:00Z", "en", now)).toBe("3 hours ago");
    expect(formatRelative("2026-03-26T12:00:00Z", "fr", now)).toBe("demain");
  });
});

describe("percent", () => {
  it("uses the language's spacing", () => {
    expect(formatPercent(0.8, "fr")).toBe(`80${NBSP}%`);
    expect(formatPercent(0.8, "en")).toBe("80%");
  });
});
