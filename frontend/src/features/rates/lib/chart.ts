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
