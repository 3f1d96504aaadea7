import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/schema";
import { api, unwrap } from "@/lib/api-client";

export type Rulebook = components["schemas"]["RulebookOutput"];
export type VersionSummary = components["schemas"]["VersionSummaryOutput"];
export type VersionDetail = components["schemas"]["VersionDetailOutput"];
export type Rule = components["schemas"]["RuleOutput"];
export type Diff = components["schemas"]["DiffOutput"];
export type Validation = components["schemas"]["ValidationOutput"];

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

/** Dry validation of the editor's text against the rulebook (nothing is stored). */
export function validateSource(rulebookId: string, source: string): Promise<Validation> {
  return unwrap(api.POST("/api/v1/rulebook-versions/validate/", { body: { source, rulebook: rulebookId } }));
}

function useInvalidatingMutation<TArgs, TResult>(mutationFn: (args: TArgs) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: rulebooksQueryKey }),
  });
}

export function useSaveDraft(versionId: string) {
  return useInvalidatingMutation((source: string) =>
    unwrap(
      api.PUT("/api/v1/rulebook-versions/{version_id}/", {
        params: { path: { version_id: versionId } },
        body: { source },
      }),
    ),
  );
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
