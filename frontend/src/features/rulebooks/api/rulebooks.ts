import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/schema";
import { api, unwrap } from "@/lib/api-client";

export type Rulebook = components["schemas"]["RulebookOutput"];
export type VersionSummary = components["schemas"]["VersionSummaryOutput"];
export type VersionDetail = components["schemas"]["VersionDetailOutput"];
export type Rule = components["schemas"]["RuleOutput"];
export type Diff = components["schemas"]["DiffOutput"];
export type Validation = components["schemas"]["ValidationOutput"];
export type RuleChange = components["schemas"]["RuleChange"];
export type FieldChange = components["schemas"]["FieldChange"];

/** Every rulebook query starts with this key, so a transition refreshes them all at once. */
export const rulebooksQueryKey = ["rulebooks"] as const;

export function rulebooksQueryOptions() {
  return queryOptions({
    queryKey: [...rulebooksQueryKey, "list"],
    queryFn: () => unwrap(api.GET("/api/v1/rulebooks/")),
  });
}

export function useRulebooks() {
  return useQuery(rulebooksQueryOptions());
}

export function versionQueryOptions(versionId: string) {
  return queryOptions({
    queryKey: [...rulebooksQueryKey, "version", versionId],
    queryFn: () =>
      unwrap(api.GET("/api/v1/rulebook-versions/{version_id}/", { params: { path: { version_id: versionId } } })),
  });
}

export function useVersion(versionId: string) {
  return useQuery(versionQueryOptions(versionId));
}

export function diffQueryOptions(versionId: string, against: string) {
  return queryOptions({
    queryKey: [...rulebooksQueryKey, "diff", versionId, against],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/rulebook-versions/{version_id}/diff/", {
          params: { path: { version_id: versionId }, query: { against } },
        }),
      ),
  });
}

export function useDiff(versionId: string, against: string | null) {
  return useQuery({ ...diffQueryOptions(versionId, against ?? ""), enabled: against !== null });
}

/** What the editor holds: the form's document, or the YAML view's text. */
export type Draft = { document: unknown } | { source: string };

/**
 * Dry validation of the editor's draft against the rulebook (nothing is stored). The answer
 * carries the document both as JSON and as YAML, so the editor switches views without parsing.
 */
export function validateDraft(rulebookId: string, draft: Draft): Promise<Validation> {
  return unwrap(api.POST("/api/v1/rulebook-versions/validate/", { body: { ...draft, rulebook: rulebookId } }));
}

function useInvalidatingMutation<TArgs, TResult>(mutationFn: (args: TArgs) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: rulebooksQueryKey }),
  });
}

export function useSaveDraft(versionId: string) {
  return useInvalidatingMutation((draft: Draft) =>
    unwrap(
      api.PUT("/api/v1/rulebook-versions/{version_id}/", {
        params: { path: { version_id: versionId } },
        body: draft,
      }),
    ),
  );
}

/** The regulators who can review a draft (the case reviewers' list names them all). */
export function useRegulators() {
  return useQuery({
    queryKey: [...rulebooksQueryKey, "regulators"],
    queryFn: () => unwrap(api.GET("/api/v1/case-reviewers/")),
  });
}

/** Ask one regulator (or, with null, every other one) to review the draft; they are notified. */
export function useRequestReview(versionId: string) {
  return useMutation({
    mutationFn: (reviewer: string | null) =>
      unwrap(
        api.POST("/api/v1/rulebook-versions/{version_id}/request-review/", {
          params: { path: { version_id: versionId } },
          body: { reviewer },
        }),
      ),
  });
}

/** Backtest the saved draft over a year against the rules that applied (nothing changes). */
export function useBacktestDraft(versionId: string) {
  return useMutation({
    mutationFn: (year: number) =>
      unwrap(
        api.POST("/api/v1/backtests/", {
          body: {
            rulebook_version: versionId,
            baseline_version: null,
            period_start: `${year}-01-01`,
            period_end: `${year}-12-31`,
          },
        }),
      ),
  });
}

export function usePublish(versionId: string) {
  return useInvalidatingMutation((effectiveFrom: string) =>
    unwrap(
      api.POST("/api/v1/rulebook-versions/{version_id}/publish/", {
        params: { path: { version_id: versionId } },
        body: effectiveFrom === "" ? {} : { effective_from: effectiveFrom },
      }),
    ),
  );
}

export function useRetire(versionId: string) {
  return useInvalidatingMutation(() =>
    unwrap(
      api.POST("/api/v1/rulebook-versions/{version_id}/retire/", {
        params: { path: { version_id: versionId } },
      }),
    ),
  );
}

export function useCreateDraftFrom() {
  return useInvalidatingMutation((base: VersionSummary) =>
    unwrap(
      api.POST("/api/v1/rulebook-versions/", {
        body: { rulebook: base.rulebook.id, base_version: base.id },
      }),
    ),
  );
}

export type CoverageReport = components["schemas"]["CoverageReport"];
export type CoverageRule = components["schemas"]["CoverageRule"];

/** A period of value dates (ISO days); an empty end lets the server choose its default. */
export interface CoveragePeriod {
  dateFrom: string;
  dateTo: string;
}

export function coverageQueryOptions(versionId: string, period: CoveragePeriod) {
  const query: { date_from?: string; date_to?: string } = {};
  if (period.dateFrom) query.date_from = period.dateFrom;
  if (period.dateTo) query.date_to = period.dateTo;
  return queryOptions({
    queryKey: [...rulebooksQueryKey, "coverage", versionId, query],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/rulebook-versions/{version_id}/coverage/", {
          params: { path: { version_id: versionId }, query },
        }),
      ),
  });
}

/** What each rule of a version evaluated over a period, and what it lacked where it could not. */
export function useCoverage(versionId: string, period: CoveragePeriod) {
  return useQuery(coverageQueryOptions(versionId, period));
}
