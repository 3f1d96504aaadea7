/**
 * Reference data every form of payments needs: the ISO codes the API accepts and the rate a
 * payment of a given day would be converted at. Read-only, shared by the declaration form and
 * the simulator.
 */
import { useCallback } from "react";
import { queryOptions, useQuery } from "@tanstack/react-query";

import type { components } from "@/api/schema";
import { api, unwrap } from "@/lib/api-client";
import { useLanguage } from "@/lib/i18n";
import { ApiError } from "@/lib/problem";

export type ReferenceData = components["schemas"]["ReferenceDataOutput"];
export type Category = components["schemas"]["CategoryOutput"];
export type RateOfDate = components["schemas"]["RateOutput"];

// The ISO tables change with a deployment, never during a visit.
const FOREVER = Number.POSITIVE_INFINITY;
// Rates change a few times a day at most.
const RATE_STALE_TIME_MS = 5 * 60 * 1000;

export function referenceDataQueryOptions() {
  return queryOptions({
    queryKey: ["reference-data"],
    queryFn: () => unwrap(api.GET("/api/v1/reference-data/")),
    staleTime: FOREVER,
    gcTime: FOREVER,
  });
}

export function useReferenceData() {
  return useQuery(referenceDataQueryOptions());
}

/** The rate of `date` for `currency`, or null when no rate is usable for that day (yet). */
export function useRateOfDate(currency: string, date: string, wanted = true) {
  const enabled = wanted && /^[A-Z]{3}$/.test(currency) && /^\d{4}-\d{2}-\d{2}$/.test(date);
  return useQuery({
    queryKey: ["rates", "rate", currency, date],
    queryFn: async (): Promise<RateOfDate | null> => {
      try {
        return await unwrap(api.GET("/api/v1/rates/", { params: { query: { currency, date } } }));
      } catch (error) {
        if (error instanceof ApiError && error.code === "no_rate") {
          return null;
        }
        throw error;
      }
    },
    enabled,
    staleTime: RATE_STALE_TIME_MS,
  });
}

export function categoriesQueryOptions() {
  return queryOptions({
    queryKey: ["declaration-categories"],
    queryFn: () => unwrap(api.GET("/api/v1/declaration-categories/")),
    staleTime: FOREVER,
  });
}

/** The payment categories, with labels and help in both languages. */
export function useCategories() {
  return useQuery(categoriesQueryOptions());
}

/** A category's label in the reader's language (the code itself until the list arrives). */
export function useCategoryLabel(): (code: string) => string {
  const language = useLanguage();
  const categories = useCategories();
  return useCallback(
    (code: string) => {
      const category = categories.data?.find((c) => c.code === code);
      return category === undefined ? code : language === "fr" ? category.label_fr : category.label_en;
    },
    [categories.data, language],
  );
}
