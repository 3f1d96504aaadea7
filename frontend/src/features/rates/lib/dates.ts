const MS_PER_DAY = 24 * 60 * 60 * 1000;
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
