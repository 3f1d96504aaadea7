import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/schema";
import { api, unwrap } from "@/lib/api-client";

export type Cohort = components["schemas"]["CohortOutput"];
export type CohortInput = components["schemas"]["CohortInputRequest"];

export const cohortsQueryKey = ["cohorts"] as const;

export function cohortsQueryOptions() {
  return queryOptions({
    queryKey: [...cohortsQueryKey, "list"],
    queryFn: () => unwrap(api.GET("/api/v1/cohorts/")),
  });
}

export function useCohorts() {
  return useQuery(cohortsQueryOptions());
}

/** Published proposals: the versions a cohort may trial. */
export function useProposals() {
  return useQuery({
    queryKey: [...cohortsQueryKey, "proposals"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/rulebook-versions/", { params: { query: { kind: "proposed", status: "published" } } })),
  });
}

function useCohortMutation<TArgs, TResult>(mutationFn: (args: TArgs) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: cohortsQueryKey }),
  });
}

export function useCreateCohort() {
  return useCohortMutation((body: CohortInput) => unwrap(api.POST("/api/v1/cohorts/", { body })));
}

export function useActivateCohort() {
  return useCohortMutation((cohortId: string) =>
    unwrap(api.POST("/api/v1/cohorts/{cohort_id}/activate/", { params: { path: { cohort_id: cohortId } } })),
  );
}

export function useCloseCohort() {
  return useCohortMutation((cohortId: string) =>
    unwrap(api.POST("/api/v1/cohorts/{cohort_id}/close/", { params: { path: { cohort_id: cohortId } } })),
  );
}
