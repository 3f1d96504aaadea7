import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/schema";
import { api, unwrap } from "@/lib/api-client";

export type StartupRequest = components["schemas"]["StartupRequestOutput"];
/** A case list row as a startup receives it. */
/** A case as the list answers a startup: the case without its requests and rationale. */
export type StartupCase = Omit<components["schemas"]["StartupCaseOutput"], "requests" | "rationale" | "version">;

/** Every query of the startup's requests and cases: an answer refreshes them all. */
export const requestsKey = ["case-requests"] as const;

/** The startup's open requests: all of them, or only those about one declaration. */
export function useOpenRequests(declaration?: string) {
  return useQuery({
    queryKey: [...requestsKey, "open", declaration ?? "all"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/case-requests/", { params: { query: { status: "open", declaration } } })),
  });
}

// Decisions shown on the home page before "show more".
const DECISIONS_PAGE = 10;

/** The startup's decided cases, newest first: every one, page by page, never just the first 50. */
export function useDecisions() {
  return useInfiniteQuery({
    queryKey: [...requestsKey, "decisions"],
    queryFn: async ({ pageParam }) => {
      const page = await unwrap(
        api.GET("/api/v1/cases/", {
          params: {
            query: {
              state: ["decided", "closed"],
              ordering: "-opened_at",
              page_size: DECISIONS_PAGE,
              cursor: pageParam ?? undefined,
            } as never,
          },
        }),
      );
      return { ...page, results: page.results as unknown as StartupCase[] };
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.next === null ? null : new URL(last.next).searchParams.get("cursor")),
  });
}

export function useAnswer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ request, text, files }: { request: StartupRequest; text: string; files: File[] }) => {
      const form = new FormData();
      form.append("text", text);
      for (const file of files) {
        form.append("files", file);
      }
      return unwrap(
        api.POST("/api/v1/cases/{case_id}/requests/{request_id}/answer/", {
          params: {
            path: { case_id: request.case, request_id: request.id },
            // The case's ETag as read with the request: a stale one is refused, nothing changes.
            header: { "If-Match": request.case_etag },
          },
          // The typed body only names the fields; the form data is what is sent.
          body: { text, document_kind: "other" },
          bodySerializer: () => form,
        }),
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: requestsKey }),
  });
}
