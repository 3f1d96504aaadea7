import type { Language } from "@/lib/i18n";

const MS_PER_DAY = 24 * 60 * 60 * 1000;
// Regulators read times in Moroccan time, the zone of Bank Al-Maghrib's 16:15 publication.
export const DISPLAY_TIME_ZONE = "Africa/Casablanca";

const LOCALES: Readonly<Record<Language, string>> = { fr: "fr-FR", en: "en-GB" };

export function localeOf(language: Language): string {
  return LOCALES[language];
}

/** "2026-03-25" as a UTC midnight timestamp (calendar dates carry no time zone). */
export function parseIsoDate(value: string): Date {
  const [year = NaN, month = NaN, day = NaN] = value.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day));
}

export function toIsoDate(value: Date): string {
  return value.toISOString().slice(0, 10);
}

/** Whole days from 1970-01-01 to `value` (an ISO date). */
export function dayNumber(value: string): number {
  return Math.round(parseIsoDate(value).getTime() / MS_PER_DAY);
}

export function addDays(value: string, days: number): string {
  return toIsoDate(new Date(parseIsoDate(value).getTime() + days * MS_PER_DAY));
}

function dateFormat(language: Language): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(localeOf(language), { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

/** "25 mars 2026" / "25 March 2026". */
export function formatDate(value: string, language: Language): string {
  return dateFormat(language).format(parseIsoDate(value));
}

/**
 * "25–26 mars 2026" within one month, else "17 février 2026 – 18 mars 2026". Written by hand
 * rather than with `formatRange`, whose spacing changes between ICU versions; both languages put
 * the day first.
 */
export function formatDateRange(first: string, last: string, language: Language): string {
  if (first === last) {
    return formatDate(first, language);
  }
  if (first.slice(0, 7) === last.slice(0, 7)) {
    return `${parseIsoDate(first).getUTCDate()}–${formatDate(last, language)}`;
  }
  return `${formatDate(first, language)} – ${formatDate(last, language)}`;
}

/** A timestamp from the API in Moroccan time, e.g. "25 mars 2026, 16:20". */
export function formatDateTime(value: string, language: Language): string {
  return new Intl.DateTimeFormat(localeOf(language), {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: DISPLAY_TIME_ZONE,
  }).format(new Date(value));
}

/** Runs of consecutive calendar days in sorted ISO dates: [[first, last], ...]. */
export function consecutiveRuns(dates: readonly string[]): [string, string][] {
  const runs: [string, string][] = [];
  for (const date of dates) {
    const last = runs.at(-1);
    if (last !== undefined && dayNumber(date) === dayNumber(last[1]) + 1) {
      last[1] = date;
    } else {
      runs.push([date, date]);
    }
  }
  return runs;
}
