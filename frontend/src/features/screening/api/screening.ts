import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/schema";
import { api, unwrap } from "@/lib/api-client";

export type Verdict = components["schemas"]["VerdictOutput"];
export type Finding = components["schemas"]["FindingOutput"];
export type ScreeningRun = components["schemas"]["RunOutput"];
export type JobStatus = ScreeningRun["status"];

// Background jobs report progress in the database; half a second keeps the bar lively.
export const PROGRESS_POLL_MS = 500;

/** Stop polling once a job has finished either way. */
export function pollWhileRunning(status: JobStatus | undefined): number | false {
  return status === "done" || status === "failed" ? false : PROGRESS_POLL_MS;
}

export const screeningRunsKey = ["screening-runs"] as const;

export function useScreeningRun(id: string | null) {
  return useQuery({
    queryKey: [...screeningRunsKey, id],
    queryFn: () => unwrap(api.GET("/api/v1/screening-runs/{run_id}/", { params: { path: { run_id: id ?? "" } } })),
    enabled: id !== null,
    refetchInterval: (query) => pollWhileRunning(query.state.data?.status),
  });
}

export function useStartScreeningRun() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { since?: string | null; reason?: string }) =>
      unwrap(api.POST("/api/v1/screening-runs/", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: screeningRunsKey }),
  });
}
