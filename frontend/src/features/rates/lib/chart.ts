import { dayNumber } from "./dates";

export interface ChartPoint {
  date: string;
  value: number;
}

export interface ChartSeries {
  key: string;
  points: readonly ChartPoint[];
}

export interface ChartBox {
  width: number;
  height: number;
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface PlottedLine {
  key: string;
  path: string;
  dots: { x: number; y: number; date: string; value: number }[];
}

export interface Chart {
  lines: PlottedLine[];
  yTicks: { y: number; value: number }[];
  xTicks: { x: number; date: string }[];
}

// Room above and below the lines, as a share of the values' spread, so no line hugs an edge.
const VALUE_PADDING = 0.05;
// A flat series still needs a spread to draw: this share of its value.
const FLAT_SPREAD = 0.01;
const Y_TICKS = 4;

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * Lays out line series in an SVG box: one shared value axis (so EUR and USD compare at a glance)
 * and one date axis where distance is time, gaps (weekends, holidays) included.
 */
export function buildChart(series: readonly ChartSeries[], box: ChartBox): Chart {
  const all = series.flatMap((line) => line.points);
  if (all.length === 0) {
    return { lines: [], yTicks: [], xTicks: [] };
  }
  const values = all.map((point) => point.value);
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (low === high) {
    const half = Math.abs(low) * FLAT_SPREAD || 1;
    low -= half;
    high += half;
  }
  const pad = (high - low) * VALUE_PADDING;
  low -= pad;
  high += pad;

  const days = all.map((point) => dayNumber(point.date));
  const firstDay = Math.min(...days);
  const lastDay = Math.max(...days);
  const plotWidth = box.width - box.left - box.right;
  const plotHeight = box.height - box.top - box.bottom;
  const x = (date: string) =>
    lastDay === firstDay
      ? box.left + plotWidth / 2
      : box.left + ((dayNumber(date) - firstDay) / (lastDay - firstDay)) * plotWidth;
  const y = (value: number) => box.top + ((high - value) / (high - low)) * plotHeight;

  const lines = series.map(({ key, points }) => {
    const sorted = [...points].sort((a, b) => dayNumber(a.date) - dayNumber(b.date));
    const dots = sorted.map((point) => ({ x: round(x(point.date)), y: round(y(point.value)), ...point }));
    const path = dots.map((dot, index) => `${index === 0 ? "M" : "L"}${dot.x} ${dot.y}`).join(" ");
    return { key, path, dots };
  });
  const yTicks = Array.from({ length: Y_TICKS }, (_, index) => {
    const value = low + ((high - low) * index) / (Y_TICKS - 1);
    return { y: round(y(value)), value };
  });
  const dates = [...new Set(all.map((point) => point.date))].sort((a, b) => dayNumber(a) - dayNumber(b));
  const xTicks = (dates.length === 1 ? dates : [...dates.slice(0, 1), ...dates.slice(-1)]).map((date) => ({
    x: round(x(date)),
    date,
  }));
  return { lines, yTicks, xTicks };
}
