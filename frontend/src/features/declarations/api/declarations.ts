import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components, paths } from "@/api/schema";
import { api, getPage, unwrap, type Page } from "@/lib/api-client";

import { MOVING_STATUSES } from "../lib/status";

/** A row of the declarations list: the payment, its conversion and its verdicts in brief. */
export type DeclarationRow = components["schemas"]["DeclarationSummaryOutput"];
export type DeclarationDetail = components["schemas"]["DeclarationDetailOutput"];
export type DeclarationInput = components["schemas"]["DeclarationInputRequest"];
export type DeclarationChanges = components["schemas"]["DeclarationChangesInputRequest"];
export { useCategories, type Category } from "@/lib/reference-data";
export type AuditEvent = components["schemas"]["AuditEventOutput"];
export type Reconversion = components["schemas"]["Reconversion"];
export type ReconvertedConversion = components["schemas"]["ReconvertedConversion"];
export type ReconvertedVerdict = components["schemas"]["ReconvertedVerdict"];
export type DeclarationDocument = components["schemas"]["DeclarationDocumentOutput"];
export type DeclarationStatus = components["schemas"]["DeclarationStatusEnum"];
export type ListFilters = NonNullable<paths["/api/v1/declarations/"]["get"]["parameters"]["query"]>;

/** Every declarations query starts with this key: a change refreshes them all. */
export const declarationsKey = ["declarations"] as const;

// While a payment is converted and screened (a second or two with a live worker), its list and
// detail refresh this often, and stop once everything has settled.
export const MOVING_POLL_MS = 1500;

/** Whether a declaration is still being processed: the worker will change it by itself. */
export function isMoving(declaration: { status: string; awaiting_processing?: boolean }): boolean {
  return MOVING_STATUSES.has(declaration.status) || declaration.awaiting_processing === true;
}

/** One page of declarations; `cursorUrl` is the previous page's `next` link. */
export function useDeclarationList(filters: ListFilters, cursorUrl: string | null) {
  return useQuery({
    queryKey: [...declarationsKey, "list", filters, cursorUrl],
    queryFn: (): Promise<Page<DeclarationRow>> =>
      cursorUrl !== null
        ? getPage<DeclarationRow>(cursorUrl)
        : unwrap(api.GET("/api/v1/declarations/", { params: { query: filters } })),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => ((query.state.data?.results ?? []).some(isMoving) ? MOVING_POLL_MS : false),
  });
}

export function useDeclaration(id: string | null) {
  return useQuery({
    queryKey: [...declarationsKey, "detail", id],
    queryFn: () =>
      unwrap(api.GET("/api/v1/declarations/{declaration_id}/", { params: { path: { declaration_id: id ?? "" } } })),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data !== undefined && isMoving(query.state.data) ? MOVING_POLL_MS : false),
  });
}

/**
 * The declaration's audit timeline. Keyed by its status as well: the poll that sees the payment
 * settle may have run before the worker's last event was written, so a new status reads the
 * timeline once more (the previous one stays on screen meanwhile).
 */
export function useDeclarationEvents(id: string, status = "", moving = false) {
  return useQuery({
    queryKey: [...declarationsKey, "events", id, status, moving],
    // Only the same declaration's timeline stands in: another one's would mislead.
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[2] === id ? previous : undefined),
    refetchInterval: moving ? MOVING_POLL_MS : false,
    queryFn: () =>
      unwrap(api.GET("/api/v1/declarations/{declaration_id}/events/", { params: { path: { declaration_id: id } } })),
  });
}

export function useDeclarationDocuments(id: string) {
  return useQuery({
    queryKey: [...declarationsKey, "documents", id],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/declarations/{declaration_id}/documents/", { params: { path: { declaration_id: id } } }),
      ),
  });
}

/** A fresh idempotency key per form submission: a retried click never declares twice. */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

export function useCreateDeclaration() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: DeclarationInput; key: string }) =>
      unwrap(api.POST("/api/v1/declarations/", { body, headers: { "Idempotency-Key": key } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: declarationsKey }),
  });
}

/** A new version superseding declaration `id`; the list, the detail and the history refresh. */
export function useAmendDeclaration() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body, key }: { id: string; body: DeclarationChanges; key: string }) =>
      unwrap(
        api.POST("/api/v1/declarations/{declaration_id}/amend/", {
          params: { path: { declaration_id: id } },
          body,
          headers: { "Idempotency-Key": key },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: declarationsKey }),
  });
}

export function useWithdrawDeclaration() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      unwrap(
        api.POST("/api/v1/declarations/{declaration_id}/withdraw/", {
          params: { path: { declaration_id: id } },
          body: { reason },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: declarationsKey }),
  });
}

export function useAttachDocument() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, file, kind }: { id: string; file: File; kind: string }) => {
      const form = new FormData();
      form.append("file", file);
      form.append("kind", kind);
      return unwrap(
        api.POST("/api/v1/declarations/{declaration_id}/documents/", {
          params: { path: { declaration_id: id } },
          // The typed body only names the fields; the form data is what is sent.
          body: { file: file.name, kind: kind as "invoice" },
          bodySerializer: () => form,
        }),
      );
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: declarationsKey }),
  });
}

export function documentDownloadUrl(documentId: string): string {
  return `/api/v1/declaration-documents/${documentId}/download/`;
}

/** A case as the list answers a startup: the case without its requests and rationale. */
export type StartupCase = Omit<components["schemas"]["StartupCaseOutput"], "requests" | "rationale" | "version">;

/** The review case(s) holding a declaration (API.md: `?declaration=`), for its decision. */
export function useDeclarationCases(id: string) {
  return useQuery({
    queryKey: [...declarationsKey, "cases", id],
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/cases/", { params: { query: { declaration: id } } }))).results as unknown as StartupCase[],
  });
}

export type SimulationInput = components["schemas"]["SimulationInputRequest"];
export type Simulation = components["schemas"]["SimulationOutput"];

/** Ask what declaring a planned payment would give; nothing is stored. */
export function useSimulation() {
  return useMutation({
    mutationFn: (body: SimulationInput) => unwrap(api.POST("/api/v1/simulations/", { body })),
  });
}
