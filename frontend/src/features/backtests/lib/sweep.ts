/** Sweep values and the curve's geometry: pure, so the page stays thin and this is tested. */

import { formatMad, formatNumber, formatPercent } from "@/lib/format";
import type { Language } from "@/lib/i18n";

import type { Sweep } from "../api/backtests";
import { backtestsMessages } from "../messages";

const sweepMessages = backtestsMessages.fixedT;

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

const BASIS_POINTS_PER_UNIT = 10_000;

/** A parameter's value in its unit: MAD for amounts, % for basis points, days, or a number. */
export function formatParameter(parameter: string, value: string, language: Language): string {
  if (parameter.endsWith("_mad")) {
    return formatMad(value, language, { cents: "auto" });
  }
  if (parameter.endsWith("_bp")) {
    return formatPercent(Number(value) / BASIS_POINTS_PER_UNIT, language, 2);
  }
  if (parameter.endsWith("_days")) {
    return sweepMessages(language)("sweep.days", { count: Number(value) });
  }
  return formatNumber(Number(value), language);
}
