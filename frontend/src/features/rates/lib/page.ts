import type { MessageKey } from "@/lib/i18n";
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

export const FILE_SOURCES: readonly { value: RateFileSource; label: MessageKey }[] = [
  { value: "bam", label: "rates.import.source.bam" },
  { value: "ecb-xml", label: "rates.import.source.ecbXml" },
  { value: "ecb-csv", label: "rates.import.source.ecbCsv" },
];

// The server answers a quarantined file with 422 and a `rate_file_<reason>` code.
const QUARANTINE_CODE_PREFIX = "rate_file_";

export function isQuarantined(error: unknown): boolean {
  return error instanceof ApiError && error.status === 422 && (error.code ?? "").startsWith(QUARANTINE_CODE_PREFIX);
}

const STATUS_LABELS: Readonly<Record<string, MessageKey>> = {
  ok: "rates.providers.status.ok",
  failing: "rates.providers.status.failing",
  not_configured: "rates.providers.status.not_configured",
  never_run: "rates.providers.status.never_run",
};

/** A provider badge's label and colour; a status this build does not know is shown as is, neutral. */
export function statusBadge(status: string): { label: MessageKey | null; tone: "ok" | "failing" | "neutral" } {
  const tone = status === "ok" ? "ok" : status === "failing" ? "failing" : "neutral";
  return { label: STATUS_LABELS[status] ?? null, tone };
}
