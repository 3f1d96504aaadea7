import { dayNumber } from "./dates";

export interface ChartSeries {
  key: string;
  points: readonly { date: string; value: string }[];
}

/** One row per date for a chart library: the day number (a time axis), each series' value. */
export interface ChartRow {
  day: number;
  date: string;
  /** The API's decimal strings, for the data table; the plotted numbers are beside them. */
  raw: Record<string, string>;
  [series: string]: number | string | Record<string, string>;
}

/**
 * Series by currency → rows by date, sorted, a missing value left out (the line skips it) rather
 * than drawn as zero. The axis is the day number, so weekends and holidays keep their width.
 */
export function mergeSeries(series: readonly ChartSeries[]): ChartRow[] {
  const rows = new Map<string, ChartRow>();
  for (const { key, points } of series) {
    for (const point of points) {
      const row: ChartRow = rows.get(point.date) ?? { day: dayNumber(point.date), date: point.date, raw: {} };
      row[key] = Number(point.value);
      row.raw[key] = point.value;
      rows.set(point.date, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.day - b.day);
}

// A time axis of a few weeks is read from about this many dates; more would overlap on a phone.
const MAX_DAY_TICKS = 6;

/**
 * Whole days for the time axis, first and last included: a scale left to itself cuts a one-day
 * span into quarter days, which all print as the same date.
 */
export function dayTicks(rows: readonly ChartRow[]): number[] {
  const first = rows[0]?.day;
  const last = rows.at(-1)?.day;
  if (first === undefined || last === undefined) {
    return [];
  }
  const step = Math.max(1, Math.ceil((last - first) / (MAX_DAY_TICKS - 1)));
  const ticks: number[] = [];
  for (let day = first; day < last; day += step) {
    ticks.push(day);
  }
  ticks.push(last);
  return ticks;
}
