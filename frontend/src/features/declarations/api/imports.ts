import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/schema";
import { api, unwrap } from "@/lib/api-client";

import { declarationsKey } from "./declarations";

export type ImportJob = components["schemas"]["DeclarationImportOutput"];

// How often the page asks for a running import's progress.
const PROGRESS_POLL_MS = 750;

export function useUploadImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, dryRun }: { file: File; dryRun: boolean }) => {
      const form = new FormData();
      form.append("file", file);
      form.append("dry_run", dryRun ? "true" : "false");
      return unwrap(
        api.POST("/api/v1/declaration-imports/", {
          // The typed body only names the fields; the form data is what is sent.
          body: { file: file.name, dry_run: dryRun },
          bodySerializer: () => form,
        }),
      );
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: declarationsKey }),
  });
}

/** Follows an import job until it is done or failed. */
export function useImportJob(id: string | null) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: ["declaration-imports", id],
    queryFn: async () => {
      const job = await unwrap(
        api.GET("/api/v1/declaration-imports/{import_id}/", { params: { path: { import_id: id ?? "" } } }),
      );
      if (job.status === "done") {
        await queryClient.invalidateQueries({ queryKey: declarationsKey });
      }
      return job;
    },
    enabled: id !== null,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === "done" || status === "failed" ? false : PROGRESS_POLL_MS;
    },
  });
}

export function templateUrl(kind: "csv" | "xlsx"): string {
  return `/api/v1/declaration-imports/template/?kind=${kind}`;
}

export function reportUrl(importId: string): string {
  return `/api/v1/declaration-imports/${importId}/report/`;
}
