import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/schema";
import { api, unwrap } from "@/lib/api-client";

export type StartupRequest = components["schemas"]["StartupRequestOutput"];
/** The fields of a case list row a startup receives (its answer carries only these). */
export type StartupCase = Pick<
  components["schemas"]["CaseListOutput"],
  "id" | "state" | "declaration" | "outcome" | "opened_at" | "etag"
>;

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

export function useMyCases() {
  return useQuery({
    queryKey: [...requestsKey, "cases"],
    queryFn: () => unwrap(api.GET("/api/v1/cases/", { params: { query: { ordering: "-opened_at" } } })),
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
