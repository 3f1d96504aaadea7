import { queryOptions, useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/schema";
import { api, unwrap } from "@/lib/api-client";
import { ApiError } from "@/lib/problem";

export type RateOutput = components["schemas"]["RateOutput"];
export type Coverage = components["schemas"]["SampleOutput"];
export type ProviderStatus = components["schemas"]["ProviderStatusOutput"];
export type RatePayload = components["schemas"]["RatePayloadOutput"];
export type SeriesOutput = components["schemas"]["SeriesOutput"];
export type ImportOutput = components["schemas"]["RateFileImportOutput"];
export type RateFileSource = components["schemas"]["SourceEnum"];

/** Every rates query starts with this key, so an import refreshes them all at once. */
export const ratesQueryKey = ["rates"] as const;

// The rates change at most a few times a day (two publications and the odd import).
const RATES_STALE_TIME_MS = 60 * 1000;

export function coverageQueryOptions() {
  return queryOptions({
    queryKey: [...ratesQueryKey, "coverage"],
    queryFn: () => unwrap(api.GET("/api/v1/rates/coverage/")),
    staleTime: RATES_STALE_TIME_MS,
  });
}

export function useCoverage() {
  return useQuery(coverageQueryOptions());
}

export function providersQueryOptions() {
  return queryOptions({
    queryKey: [...ratesQueryKey, "providers"],
    queryFn: () => unwrap(api.GET("/api/v1/rate-providers/")),
    staleTime: RATES_STALE_TIME_MS,
  });
}

export function useProviders() {
  return useQuery(providersQueryOptions());
}

export function quarantineQueryOptions() {
  return queryOptions({
    queryKey: [...ratesQueryKey, "quarantine"],
    queryFn: () => unwrap(api.GET("/api/v1/rate-quarantine/")),
    staleTime: RATES_STALE_TIME_MS,
  });
}

export function useQuarantine() {
  return useQuery(quarantineQueryOptions());
}

/** A rate of a date, or null when the server says there is none within the look-back. */
export async function getRate(currency: string, date: string): Promise<RateOutput | null> {
  try {
    return await unwrap(api.GET("/api/v1/rates/", { params: { query: { currency, date } } }));
  } catch (error) {
    if (error instanceof ApiError && error.code === "no_rate") {
      return null;
    }
    throw error;
  }
}

export function rateQueryOptions(currency: string, date: string) {
  return queryOptions({
    queryKey: [...ratesQueryKey, "rate", currency, date],
    queryFn: () => getRate(currency, date),
    staleTime: RATES_STALE_TIME_MS,
  });
}

/** The rate of `date` for each of `currencies`, in that order. */
export function useRatesOfDate(currencies: readonly string[], date: string) {
  return useQueries({ queries: currencies.map((currency) => rateQueryOptions(currency, date)) });
}

export function seriesQueryOptions(currency: string, start: string, end: string) {
  return queryOptions({
    queryKey: [...ratesQueryKey, "series", currency, start, end],
    queryFn: () =>
      unwrap(api.GET("/api/v1/rates/series/", { params: { query: { currency, start, end } } })),
    staleTime: RATES_STALE_TIME_MS,
  });
}

export function useSeries(currencies: readonly string[], start: string, end: string, enabled: boolean) {
  return useQueries({
    queries: currencies.map((currency) => ({ ...seriesQueryOptions(currency, start, end), enabled })),
  });
}

export interface RateFileUpload {
  source: RateFileSource;
  file: File;
}

/** Uploads a saved answer of a source as multipart form data (the server parses and checks it). */
export function importRateFile({ source, file }: RateFileUpload): Promise<ImportOutput> {
  const form = new FormData();
  form.append("source", source);
  form.append("file", file);
  return unwrap(
    api.POST("/api/v1/rate-files/", {
      // The typed body only names the fields; the form data above is what is sent.
      body: { source, file: file.name },
      bodySerializer: () => form,
    }),
  );
}

export function useImportRateFile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: importRateFile,
    // Stored rates, coverage and the quarantine may all have changed, whatever the outcome.
    onSettled: () => queryClient.invalidateQueries({ queryKey: ratesQueryKey }),
  });
}

export type CalendarOutput = components["schemas"]["CalendarOutput"];

export function calendarQueryOptions(source: "bam" | "ecb", month: string) {
  return queryOptions({
    queryKey: [...ratesQueryKey, "calendar", source, month],
    queryFn: () => unwrap(api.GET("/api/v1/rate-calendar/", { params: { query: { source, month } } })),
    staleTime: RATES_STALE_TIME_MS,
  });
}

export function useCalendar(source: "bam" | "ecb", month: string) {
  return useQuery(calendarQueryOptions(source, month));
}

export type NonPublicationDayInput = components["schemas"]["NonPublicationDayInputRequest"];
export type NonPublicationDay = components["schemas"]["NonPublicationDayOutput"];

/** A regulator confirms that a source published nothing on a business day. */
export function markNonPublicationDay(body: NonPublicationDayInput): Promise<NonPublicationDay> {
  return unwrap(api.POST("/api/v1/rate-calendar/non-publication-days/", { body }));
}

export function useMarkNonPublicationDay() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: markNonPublicationDay,
    // The calendar, and the rates a carry-forward may now cross the day with, have changed.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ratesQueryKey }),
  });
}
