import { ApiError } from "@/lib/problem";

import type { Coverage, RateFileSource } from "../api/rates";
import { addDays } from "./dates";

/**
 * The currencies a Moroccan startup pays in most often, BAM-quoted ones first; the rule of the
 * date (official, carried forward, derived through EUR) is the server's.
 */
export const TABLE_CURRENCIES = ["EUR", "USD", "GBP", "CHF", "CAD", "JPY", "CNY", "SAR", "AED", "XOF"] as const;

export const CHART_CURRENCIES = ["EUR", "USD"] as const;

// The chart shows at most a year: enough to see a trend, few enough points to read.
export const CHART_MAX_DAYS = 365;

/** The dates the page opens on: the latest BAM publication stored (today if none). */
export function defaultPeriod(coverage: Coverage, today: string): { date: string; start: string; end: string } {
  const bam = [...coverage.bam_dates].sort();
  const end = bam.at(-1) ?? today;
  const yearBack = addDays(end, -CHART_MAX_DAYS);
  const first = bam[0] ?? yearBack;
  return { date: end, start: first > yearBack ? first : yearBack, end };
}

/** The formats a rate file may have; each is labelled as the `payloadFormat` code. */
export const FILE_SOURCES: readonly RateFileSource[] = ["bam", "ecb-xml", "ecb-csv"];

// The server answers a quarantined file with 422 and a `rate_file_<reason>` code.
const QUARANTINE_CODE_PREFIX = "rate_file_";

export function isQuarantined(error: unknown): boolean {
  return error instanceof ApiError && error.status === 422 && (error.code ?? "").startsWith(QUARANTINE_CODE_PREFIX);
}

/** A provider badge's colour; its label is the `providerStatus` code's. */
export function statusTone(status: string): "ok" | "failing" | "neutral" {
  return status === "ok" ? "ok" : status === "failing" ? "failing" : "neutral";
}
