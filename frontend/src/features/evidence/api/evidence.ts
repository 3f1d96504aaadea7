import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api-client";

import type { FilterQuery } from "../lib/filters";
import { pollInterval } from "../lib/exports";
import type { ExportFormat, ExportJob, Measures } from "./types";

/** Every evidence query starts with this key. */
export const evidenceQueryKey = ["evidence"] as const;

// Measures move only when declarations are screened; a minute old is fresh enough to read.
const MEASURES_STALE_TIME_MS = 60 * 1000;
const MEASURES_BEHIND_POLL_MS = 20 * 1000;

export function measuresQueryOptions(query: FilterQuery) {
  return queryOptions({
    queryKey: [...evidenceQueryKey, "measures", query],
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/impact-measures/", { params: { query } }))) as unknown as Measures,
    staleTime: MEASURES_STALE_TIME_MS,
    // Figures still being counted after a change are asked for again until they are up to date.
    refetchInterval: (query) => (query.state.data?.up_to_date === false ? MEASURES_BEHIND_POLL_MS : false),
  });
}

export function useMeasures(query: FilterQuery) {
  // The previous figures stay on screen while new filters load, so the page does not jump.
  return useQuery({ ...measuresQueryOptions(query), placeholderData: keepPreviousData });
}

export function useParticipants(query: FilterQuery) {
  return useQuery({
    queryKey: [...evidenceQueryKey, "participants", query],
    queryFn: () => unwrap(api.GET("/api/v1/impact-participants/", { params: { query } })),
    staleTime: MEASURES_STALE_TIME_MS,
    placeholderData: keepPreviousData,
  });
}

/** The cohorts a regulator may filter the measures by (their names for the form and the scope). */
export function useCohortChoices(enabled: boolean) {
  return useQuery({
    queryKey: [...evidenceQueryKey, "cohorts"],
    queryFn: () => unwrap(api.GET("/api/v1/cohorts/", { params: { query: { page_size: 500 } } })),
    enabled,
    staleTime: MEASURES_STALE_TIME_MS,
  });
}

export function usePacks() {
  return useQuery({
    queryKey: [...evidenceQueryKey, "packs"],
    queryFn: () => unwrap(api.GET("/api/v1/evidence-packs/")),
  });
}

export function useVerifyPack() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (packId: string) =>
      unwrap(api.POST("/api/v1/evidence-packs/{pack_id}/verify/", { params: { path: { pack_id: packId } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [...evidenceQueryKey, "packs"] }),
  });
}

/** Checks an uploaded pack file against its manifest and the pack built here. */
export function useCheckPackFile() {
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append("file", file);
      return unwrap(
        api.POST("/api/v1/evidence-pack-checks/", {
          // The typed body only names the field; the form data is what is sent.
          body: { file: file.name },
          bodySerializer: () => form,
        }),
      );
    },
  });
}

export type ExportSource = { filters: FilterQuery } | { pack: string };

export function useStartExport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ format, source }: { format: ExportFormat; source: ExportSource }) =>
      unwrap(api.POST("/api/v1/evidence-exports/", { body: { format, ...source } })),
    onSuccess: (job: ExportJob) => {
      queryClient.setQueryData(exportQueryKey(job.id), job);
      // A new export made a new pack (or reran one): the lists change.
      void queryClient.invalidateQueries({ queryKey: [...evidenceQueryKey, "packs"] });
    },
  });
}

function exportQueryKey(id: string) {
  return [...evidenceQueryKey, "export", id] as const;
}

/** One export job, polled until it is done or failed. */
export function useExportJob(id: string) {
  return useQuery({
    queryKey: exportQueryKey(id),
    queryFn: () =>
      unwrap(api.GET("/api/v1/evidence-exports/{export_id}/", { params: { path: { export_id: id } } })),
    refetchInterval: (query) => pollInterval(query.state.data),
  });
}
