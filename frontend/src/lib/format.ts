/**
 * The one place numbers, money, rates, dates and times are written for people, in the interface
 * language. Every feature formats through here, so an amount reads the same on every page.
 *
 * Money arrives as decimal strings and is formatted from the string (Intl.NumberFormat reads a
 * string as an exact decimal), never through a float: 12 345 678 901,23 MAD keeps every digit.
 */
import { useMemo } from "react";

import { LOCALES, useLanguage, type Language } from "@/lib/i18n";

const DASH = "—";

// ISO 4217 minor units differ from 2 for these codes (the API validates the same list).
const MINOR_UNITS: Readonly<Record<string, number>> = {
  BHD: 3, BIF: 0, CLP: 0, DJF: 0, GNF: 0, IQD: 3, ISK: 0, JOD: 3, JPY: 0, KMF: 0, KRW: 0,
  KWD: 3, LYD: 3, OMR: 3, PYG: 0, RWF: 0, TND: 3, UGX: 0, UYW: 4, VND: 0, VUV: 0, XAF: 0,
  XOF: 0, XPF: 0,
};

/** How many decimals an amount in `currency` may have (JPY 0, MAD 2, KWD 3). */
export function minorUnits(currency: string): number {
  return MINOR_UNITS[currency.toUpperCase()] ?? 2;
}

function decimals(value: string): number {
  return (value.split(".")[1] ?? "").length;
}

// Intl.NumberFormat reads a decimal string exactly; its TypeScript signature only lists numbers.
type ExactNumber = number;
function exact(value: string): ExactNumber {
  return value as unknown as ExactNumber;
}

const isDecimal = (value: string) => /^-?\d+(\.\d+)?$/.test(value);

export interface MoneyOptions {
  /** "auto" leaves out ",00" on whole amounts (caps, totals); payments always show their cents. */
  cents?: "always" | "auto";
}

/**
 * `1500.00 EUR` → « 1 500,00 € » / "€1,500.00". Shows the currency's decimals, and more only when
 * the value has them, so nothing is rounded away.
 */
export function formatMoney(
  amount: string,
  currency: string,
  language: Language,
  { cents = "always" }: MoneyOptions = {},
): string {
  if (!isDecimal(amount)) {
    return DASH;
  }
  const whole = /^-?\d+(\.0*)?$/.test(amount);
  const places = cents === "auto" && whole ? 0 : minorUnits(currency);
  try {
    return new Intl.NumberFormat(LOCALES[language], {
      style: "currency",
      currency,
      minimumFractionDigits: places,
      maximumFractionDigits: whole ? places : Math.max(places, decimals(amount)),
    }).format(exact(amount));
  } catch {
    // A code Intl does not know still reads as an amount followed by its code.
    return `${formatDecimal(amount, language, places)} ${currency}`;
  }
}

/** A dirham amount: « 13 507,13 MAD ». */
export function formatMad(amount: string, language: Language, options?: MoneyOptions): string {
  return formatMoney(amount, "MAD", language, options);
}

/** A decimal string with grouping, at least `minimumDecimals` decimals and every sent digit. */
export function formatDecimal(value: string, language: Language, minimumDecimals = 0): string {
  if (!isDecimal(value)) {
    return DASH;
  }
  return new Intl.NumberFormat(LOCALES[language], {
    minimumFractionDigits: minimumDecimals,
    maximumFractionDigits: Math.max(minimumDecimals, decimals(value)),
  }).format(exact(value));
}

/** A count or plain number: « 12 345 ». */
export function formatNumber(value: number, language: Language, maximumDecimals = 2): string {
  return new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: maximumDecimals }).format(value);
}

/** A share: 0.8 → « 80 % ». */
export function formatPercent(ratio: number, language: Language, maximumDecimals = 0): string {
  return new Intl.NumberFormat(LOCALES[language], {
    style: "percent",
    maximumFractionDigits: maximumDecimals,
  }).format(ratio);
}

// A rate reads with four significant decimals at least (BAM publishes four), more when sent.
const RATE_DECIMALS = 4;

/** MAD for one unit of a currency, trailing zeros dropped: "10.7547000000" → « 10,7547 ». */
export function formatRateValue(rate: string, language: Language): string {
  if (!isDecimal(rate)) {
    return DASH;
  }
  const trimmed = rate.includes(".") ? rate.replace(/0+$/, "").replace(/\.$/, "") : rate;
  return formatDecimal(trimmed, language, Math.min(RATE_DECIMALS, Math.max(decimals(trimmed), 0)));
}

/** « 1 EUR = 10,7547 MAD ». */
export function formatRate(rate: string, currency: string, language: Language): string {
  return `1 ${currency} = ${formatRateValue(rate, language)} MAD`;
}

/** A calendar date (`2026-03-25`) as « 25 mars 2026 » / "25 Mar 2026", without time-zone shifts. */
export function formatDate(iso: string | null | undefined, language: Language): string {
  if (!iso) {
    return DASH;
  }
  return new Intl.DateTimeFormat(LOCALES[language], { dateStyle: "medium", timeZone: "UTC" }).format(calendarDate(iso));
}

function calendarDate(iso: string): Date {
  const [year = 1970, month = 1, day = 1] = iso.slice(0, 10).split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day));
}

/** A calendar date in prose: « 25 mars 2026 » / "25 March 2026". */
export function formatDateLong(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(LOCALES[language], { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
    calendarDate(iso),
  );
}

/**
 * A period in prose: « 25–26 mars 2026 » within one month, else « 17 février 2026 – 18 mars 2026 ».
 * Written by hand rather than with `formatRange`, whose spacing changes between ICU versions; both
 * languages put the day first.
 */
export function formatDateRange(first: string, last: string, language: Language): string {
  if (first === last) {
    return formatDateLong(first, language);
  }
  if (first.slice(0, 7) === last.slice(0, 7)) {
    return `${calendarDate(first).getUTCDate()}–${formatDateLong(last, language)}`;
  }
  return `${formatDateLong(first, language)} – ${formatDateLong(last, language)}`;
}

/** A month (`2026-03` or a date in it) as « mars 2026 ». */
export function formatMonth(iso: string, language: Language): string {
  const [year = 1970, month = 1] = iso.slice(0, 7).split("-").map(Number);
  return new Intl.DateTimeFormat(LOCALES[language], { month: "short", year: "numeric", timeZone: "UTC" }).format(
    new Date(Date.UTC(year, month - 1, 1)),
  );
}

/**
 * An instant (ISO 8601, UTC on the wire) in the viewer's own time zone: « 25 mars 2026, 14:05 ».
 * `timeZone` is only for tests.
 */
export function formatDateTime(iso: string | null | undefined, language: Language, timeZone?: string): string {
  if (!iso) {
    return DASH;
  }
  return new Intl.DateTimeFormat(LOCALES[language], { dateStyle: "medium", timeStyle: "short", timeZone }).format(
    new Date(iso),
  );
}

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];

/** How far `iso` is from now, in the largest unit that fits: « dans 2 jours », "3 hours ago". */
export function formatRelative(iso: string, language: Language, now: number = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const format = new Intl.RelativeTimeFormat(LOCALES[language], { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === "second") {
      return format.format(Math.trunc(seconds / size), unit);
    }
  }
  return format.format(0, "second");
}

/** Today's date in the viewer's time zone, `YYYY-MM-DD`. */
export function todayIso(now: Date = new Date()): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

/** A file size: « 12 Ko » / "12 kB". */
export function formatBytes(bytes: number, language: Language): string {
  const [unit, value] = bytes >= 1024 * 1024 ? (["megabyte", bytes / 1024 / 1024] as const) : (["kilobyte", Math.max(1, Math.ceil(bytes / 1024))] as const);
  return new Intl.NumberFormat(LOCALES[language], { style: "unit", unit, maximumFractionDigits: 1 }).format(value);
}

/** Every formatter bound to the interface language. */
export function useFormat() {
  const language = useLanguage();
  return useMemo(
    () => ({
      language,
      money: (amount: string, currency: string, options?: MoneyOptions) => formatMoney(amount, currency, language, options),
      mad: (amount: string, options?: MoneyOptions) => formatMad(amount, language, options),
      decimal: (value: string, minimumDecimals?: number) => formatDecimal(value, language, minimumDecimals),
      number: (value: number, maximumDecimals?: number) => formatNumber(value, language, maximumDecimals),
      percent: (ratio: number, maximumDecimals?: number) => formatPercent(ratio, language, maximumDecimals),
      rate: (rate: string, currency: string) => formatRate(rate, currency, language),
      rateValue: (rate: string) => formatRateValue(rate, language),
      date: (iso: string | null | undefined) => formatDate(iso, language),
      dateLong: (iso: string) => formatDateLong(iso, language),
      dateRange: (first: string, last: string) => formatDateRange(first, last, language),
      month: (iso: string) => formatMonth(iso, language),
      dateTime: (iso: string | null | undefined) => formatDateTime(iso, language),
      relative: (iso: string, now?: number) => formatRelative(iso, language, now),
      bytes: (bytes: number) => formatBytes(bytes, language),
    }),
    [language],
  );
}

export type Format = ReturnType<typeof useFormat>;
