import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/schema";
import { PROGRESS_POLL_MS, pollWhileRunning } from "@/features/screening";
import { api, unwrap } from "@/lib/api-client";

export type Backtest = components["schemas"]["BacktestOutput"];
export type BacktestInput = components["schemas"]["BacktestInputRequest"];
export type Transition = components["schemas"]["TransitionOutput"];
export type Sweep = components["schemas"]["SweepOutput"];
export type SweepInput = components["schemas"]["SweepInputRequest"];
export type Rulebook = components["schemas"]["RulebookOutput"];
export type VersionDetail = components["schemas"]["VersionDetailOutput"];

const backtestsKey = ["backtests"] as const;
const sweepsKey = ["sweeps"] as const;

export function useRulebookList() {
  // Two rulebooks exist (in force, proposal): the first page holds them all.
  return useQuery({
    queryKey: ["screening", "rulebooks"],
    queryFn: async () => (await unwrap(api.GET("/api/v1/rulebooks/"))).results,
  });
}

export function useVersionDetail(id: string | null) {
  return useQuery({
    queryKey: ["screening", "version", id],
    queryFn: () =>
      unwrap(api.GET("/api/v1/rulebook-versions/{version_id}/", { params: { path: { version_id: id ?? "" } } })),
    enabled: id !== null,
  });
}

// A list whose jobs are still moving refreshes until they all settle, so "queued" never outlives the job.
function pollWhileAnyRunning(jobs: readonly { status: string }[] | undefined): number | false {
  return (jobs ?? []).some((job) => job.status === "queued" || job.status === "running") ? PROGRESS_POLL_MS * 4 : false;
}

export function useBacktests() {
  return useQuery({
    queryKey: [...backtestsKey, "list"],
    queryFn: () => unwrap(api.GET("/api/v1/backtests/")),
    refetchInterval: (query) => pollWhileAnyRunning(query.state.data?.results),
  });
}

export function useBacktest(id: string | null) {
  return useQuery({
    queryKey: [...backtestsKey, id],
    queryFn: () =>
      unwrap(api.GET("/api/v1/backtests/{backtest_id}/", { params: { path: { backtest_id: id ?? "" } } })),
    enabled: id !== null,
    refetchInterval: (query) => pollWhileRunning(query.state.data?.status),
  });
}

export function useTransitions(id: string | null, enabled: boolean) {
  return useQuery({
    queryKey: [...backtestsKey, id, "transitions"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/backtests/{backtest_id}/transitions/", { params: { path: { backtest_id: id ?? "" } } }),
      ),
    enabled: id !== null && enabled,
  });
}

export function backtestCsvUrl(id: string): string {
  return `/api/v1/backtests/${encodeURIComponent(id)}/export/`;
}

export function useStartBacktest() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: BacktestInput) => unwrap(api.POST("/api/v1/backtests/", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: backtestsKey }),
  });
}

export function useSweeps() {
  return useQuery({
    queryKey: [...sweepsKey, "list"],
    queryFn: () => unwrap(api.GET("/api/v1/sweeps/")),
    refetchInterval: (query) => pollWhileAnyRunning(query.state.data?.results),
  });
}

export interface ParameterMarker {
  kind: "in_force" | "proposed";
  value: number;
}

/**
 * The value a rule's parameter has in the published rules in force and in the published proposal
 * (rule ids are shared between the two rulebooks), for marking them on a sweep's curve.
 */
export function useParameterMarkers(ruleId: string, parameter: string): ParameterMarker[] {
  const rulebooks = useRulebookList();
  const published = (rulebooks.data ?? []).flatMap((rulebook) => {
    const version = rulebook.versions.filter((v) => v.status === "published").sort((a, b) => b.number - a.number)[0];
    return version === undefined ? [] : [{ kind: rulebook.kind, id: version.id }];
  });
  const details = useQueries({
    queries: published.map((version) => ({
      queryKey: ["screening", "version", version.id],
      queryFn: () =>
        unwrap(api.GET("/api/v1/rulebook-versions/{version_id}/", { params: { path: { version_id: version.id } } })),
    })),
  });
  return published.flatMap((version, index) => {
    const rule = details[index]?.data?.rules.find((r) => r.id === ruleId);
    const params = rule?.params as Record<string, unknown> | undefined;
    const value = Number(params?.[parameter]);
    return params?.[parameter] === undefined || Number.isNaN(value) ? [] : [{ kind: version.kind, value }];
  });
}

export function useSweep(id: string | null) {
  return useQuery({
    queryKey: [...sweepsKey, id],
    queryFn: () => unwrap(api.GET("/api/v1/sweeps/{sweep_id}/", { params: { path: { sweep_id: id ?? "" } } })),
    enabled: id !== null,
    refetchInterval: (query) => pollWhileRunning(query.state.data?.status),
  });
}

export function sweepCsvUrl(id: string): string {
  return `/api/v1/sweeps/${encodeURIComponent(id)}/export/`;
}

export function useStartSweep() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SweepInput) => unwrap(api.POST("/api/v1/sweeps/", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: sweepsKey }),
  });
}
