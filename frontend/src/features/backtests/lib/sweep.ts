/** Sweep values and the curve's geometry: pure, so the page stays thin and this is tested. */

import type { Sweep } from "../api/backtests";

export type Metric = "breaches" | "participants" | "volume";

export const MIN_SWEEP_POINTS = 2;
export const MAX_SWEEP_POINTS = 50;
const CENTS = 100n;

function toCents(text: string): bigint | null {
  const match = /^\s*(-?)(\d+)(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (match === null) {
    return null;
  }
  const cents = BigInt(match[2] ?? "0") * CENTS + BigInt((match[3] ?? "").padEnd(2, "0") || "0");
  return match[1] === "-" ? -cents : cents;
}

function centsText(cents: bigint): string {
  const negative = cents < 0n;
  const magnitude = negative ? -cents : cents;
  const whole = magnitude / CENTS;
  const fraction = magnitude % CENTS;
  const text = fraction === 0n ? whole.toString() : `${whole.toString()}.${fraction.toString().padStart(2, "0")}`;
  return negative ? `-${text}` : text;
}

/**
 * `points` evenly spaced values from `from` to `to` inclusive, as decimal strings with at most two
 * decimals (the API's format), computed in centimes so no float rounding creeps in; null when the
 * input is not usable.
 */
export function sweepValues(from: string, to: string, points: number): string[] | null {
  const start = toCents(from);
  const end = toCents(to);
  if (start === null || end === null || !Number.isInteger(points)) {
    return null;
  }
  if (points < MIN_SWEEP_POINTS || points > MAX_SWEEP_POINTS || start === end) {
    return null;
  }
  const steps = BigInt(points - 1);
  const span = end - start;
  const values: string[] = [];
  for (let i = 0n; i <= steps; i += 1n) {
    values.push(centsText(start + (span * i) / steps));
  }
  return [...new Set(values)];
}

/** Names of a rule's numeric parameters (numbers, or strings that read as decimals). */
export function numericParameters(params: unknown): string[] {
  if (params === null || typeof params !== "object" || Array.isArray(params)) {
    return [];
  }
  return Object.entries(params as Record<string, unknown>)
    .filter(([, value]) =>
      typeof value === "number" ? Number.isFinite(value) : typeof value === "string" && toCents(value) !== null,
    )
    .map(([name]) => name)
    .sort();
}

export interface CurvePoint {
  x: number;
  y: number;
}

export interface Curve {
  path: string;
  points: CurvePoint[];
  maxY: number;
}

/**
 * The SVG polyline of `ys` against evenly spaced x positions inside a `width` × `height` box
 * with `pad` margins; y grows downwards in SVG, so larger values sit higher.
 */
export function curveGeometry(ys: readonly number[], width: number, height: number, pad: number): Curve {
  const maxY = Math.max(0, ...ys);
  const innerW = width - 2 * pad;
  const innerH = height - 2 * pad;
  const points = ys.map((y, i) => ({
    x: pad + (ys.length === 1 ? innerW / 2 : (innerW * i) / (ys.length - 1)),
    y: pad + innerH - (maxY === 0 ? 0 : (innerH * y) / maxY),
  }));
  const path = points.map((p, i) => `${i === 0 ? "M" : "L"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");
  return { path, points, maxY };
}

/** The value of `metric` at each sweep point (MAD volumes as whole dirhams for the chart). */
export function metricValues(sweep: Pick<Sweep, "results">, metric: Metric): number[] {
  return sweep.results.map((point) =>
    metric === "breaches"
      ? point.breaches
      : metric === "participants"
        ? point.participants
        : Number(point.volume_mad_blocked.split(".")[0]),
  );
}
