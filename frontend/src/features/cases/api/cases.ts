import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components, paths } from "@/api/schema";
import { api, getPage, unwrap } from "@/lib/api-client";

export type CaseRow = components["schemas"]["CaseListOutput"];
export type CaseDetail = components["schemas"]["CaseDetailOutput"];
export type CaseState = components["schemas"]["StateEnum"];
export type Outcome = components["schemas"]["DecideInputRequest"]["outcome"];
export type Reviewer = components["schemas"]["ReviewerOutput"];
export type QueueFilters = NonNullable<paths["/api/v1/cases/"]["get"]["parameters"]["query"]>;
export type CasePayment = components["schemas"]["CasePaymentOutput"];
export type ContributingPayment = components["schemas"]["ContributingPaymentOutput"];
export type RuleTitle = components["schemas"]["RuleTitle"];

/** Every case query starts with this key: any change to a case refreshes them all. */
export const casesKey = ["cases"] as const;

export type CaseSummary = components["schemas"]["CaseSummaryOutput"];

/** The queue, page after page (each "show more" adds the next cursor page). */
export function useCaseQueue(filters: QueueFilters) {
  return useInfiniteQuery({
    queryKey: [...casesKey, "queue", filters],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET("/api/v1/cases/", { params: { query: { ...filters, cursor: pageParam ?? undefined } as QueueFilters } })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.next === null ? null : new URL(last.next).searchParams.get("cursor")),
    placeholderData: keepPreviousData,
  });
}

/** Totals of the queue's working buckets, and how many cases match `filters`. */
export function useCaseSummary(filters: QueueFilters = {}) {
  return useQuery({
    queryKey: [...casesKey, "summary", filters],
    queryFn: () => unwrap(api.GET("/api/v1/cases/summary/", { params: { query: filters } })),
    placeholderData: keepPreviousData,
  });
}

export function useCase(id: string) {
  return useQuery({
    queryKey: [...casesKey, "detail", id],
    queryFn: () =>
      unwrap(api.GET("/api/v1/cases/{case_id}/", { params: { path: { case_id: id } } })) as Promise<CaseDetail>,
  });
}

/** Every payment a case holds, page after page, once `enabled` (the case itself brings the
 * first ones). */
export function useCasePayments(caseId: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: [...casesKey, "payments", caseId],
    queryFn: ({ pageParam }) =>
      pageParam === null
        ? unwrap(api.GET("/api/v1/cases/{case_id}/payments/", { params: { path: { case_id: caseId } } }))
        : getPage<CasePayment>(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
    enabled,
  });
}

/** Every payment the breach of a cumulative case rests on (computed by the server from the
 * participant's window), page after page, once `enabled`. */
export function useCaseContributing(caseId: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: [...casesKey, "contributing", caseId],
    queryFn: ({ pageParam }) =>
      pageParam === null
        ? unwrap(api.GET("/api/v1/cases/{case_id}/contributing/", { params: { path: { case_id: caseId } } }))
        : getPage<ContributingPayment>(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
    enabled,
  });
}

export function useReviewers() {
  return useQuery({
    queryKey: [...casesKey, "reviewers"],
    queryFn: () => unwrap(api.GET("/api/v1/case-reviewers/")),
  });
}

/** The case changes a regulator makes; each is sent with the ETag of the case as displayed. */
export type CaseChange =
  | { kind: "start-review" }
  | { kind: "close" }
  | { kind: "resume"; reason: string }
  | { kind: "reopen"; reason: string }
  | { kind: "assign"; assignee: string | null }
  | { kind: "decide"; outcome: Outcome; rationale: string; waiver_evidence: string }
  | { kind: "request"; requestKind: "documents" | "explanation"; message: string }
  | { kind: "note"; body: string };

function send(caseId: string, etag: string, change: CaseChange): Promise<CaseDetail> {
  const params = { path: { case_id: caseId }, header: { "If-Match": etag } };
  switch (change.kind) {
    case "start-review":
      return unwrap(api.POST("/api/v1/cases/{case_id}/start-review/", { params }));
    case "close":
      return unwrap(api.POST("/api/v1/cases/{case_id}/close/", { params }));
    case "resume":
      return unwrap(api.POST("/api/v1/cases/{case_id}/resume/", { params, body: { reason: change.reason } }));
    case "reopen":
      return unwrap(api.POST("/api/v1/cases/{case_id}/reopen/", { params, body: { reason: change.reason } }));
    case "assign":
      return unwrap(api.POST("/api/v1/cases/{case_id}/assign/", { params, body: { assignee: change.assignee } }));
    case "decide":
      return unwrap(
        api.POST("/api/v1/cases/{case_id}/decide/", {
          params,
          body: { outcome: change.outcome, rationale: change.rationale, waiver_evidence: change.waiver_evidence },
        }),
      );
    case "request":
      return unwrap(
        api.POST("/api/v1/cases/{case_id}/requests/", {
          params,
          body: { kind: change.requestKind, message: change.message },
        }),
      );
    case "note":
      return unwrap(api.POST("/api/v1/cases/{case_id}/notes/", { params, body: { body: change.body } }));
  }
}

export function useCaseChange(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ etag, change }: { etag: string; change: CaseChange }) => send(caseId, etag, change),
    onSuccess: (updated) => {
      queryClient.setQueryData([...casesKey, "detail", caseId], updated);
      return queryClient.invalidateQueries({ queryKey: [...casesKey, "queue"] });
    },
    // A 412 means a colleague changed the case: reload it so the form shows what is there now.
    onError: () => queryClient.invalidateQueries({ queryKey: casesKey }),
  });
}

export function useBulkAssign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ assignee, cases }: { assignee: string | null; cases: CaseRow[] }) =>
      unwrap(
        api.POST("/api/v1/cases/bulk-assign/", {
          body: { assignee, cases: cases.map((c) => ({ id: c.id, etag: c.etag })) },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: casesKey }),
  });
}

export function useAutoAssign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/cases/auto-assign/")),
    onSettled: () => queryClient.invalidateQueries({ queryKey: casesKey }),
  });
}

/** The CSV export of the queue with the same filters. */
export function exportUrl(filters: QueueFilters): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    const items: readonly (string | number | boolean | undefined)[] = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (item !== undefined && item !== "") {
        query.append(name, String(item));
      }
    }
  }
  const text = query.toString();
  return `/api/v1/cases/export/${text ? `?${text}` : ""}`;
}
