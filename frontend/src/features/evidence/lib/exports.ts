import type { ExportFormat, ExportJob } from "../api/types";

/** The export buttons, in order: data first, then the report, the charts and the whole pack. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ["csv", "xlsx", "pdf", "png", "pack"];

// Exports take seconds; polling twice a second shows the bar moving without loading the server.
export const EXPORT_POLL_MS = 500;

export function isFinished(job: Pick<ExportJob, "status">): boolean {
  return job.status === "done" || job.status === "failed";
}

/** The refetch interval while the job runs, and none (false) once it is finished. */
export function pollInterval(job: Pick<ExportJob, "status"> | undefined): number | false {
  return job === undefined || !isFinished(job) ? EXPORT_POLL_MS : false;
}

/** The progress to draw, 0–100, whatever the server sends (a done job is always full). */
export function progressOf(job: Pick<ExportJob, "status" | "progress">): number {
  if (job.status === "done") {
    return 100;
  }
  return Math.min(100, Math.max(0, Math.round(job.progress)));
}
