import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/schema";
import { pollWhileRunning } from "@/features/screening";
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

export function useBacktests() {
  return useQuery({ queryKey: [...backtestsKey, "list"], queryFn: () => unwrap(api.GET("/api/v1/backtests/")) });
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
  return useQuery({ queryKey: [...sweepsKey, "list"], queryFn: () => unwrap(api.GET("/api/v1/sweeps/")) });
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
