import { useState } from "react";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { formatBytes } from "@/lib/format";

import { useExportJob, useStartExport, type ExportSource } from "../api/evidence";
import type { ExportFormat } from "../api/types";
import { EXPORT_FORMATS, isFinished, progressOf } from "../lib/exports";
import { useEvidenceT } from "../messages";

/** Export buttons for the filters shown; each started export gets its progress bar and link. */
export function ExportsPanel({ source }: { source: ExportSource }) {
  const { t } = useEvidenceT();
  const start = useStartExport();
  const [jobs, setJobs] = useState<{ id: string; format: ExportFormat }[]>([]);
  const run = (format: ExportFormat) => {
    start.mutate(
      { format, source },
      {
        onSuccess: (job) => {
          setJobs((previous) => [{ id: job.id, format }, ...previous]);
        },
      },
    );
  };
  return (
    <section className="panel" aria-labelledby="evidence-exports-title" data-testid="exports-panel">
      <h2 id="evidence-exports-title" className="panel__title">
        {t("evidence.exports.title")}
      </h2>
      <p className="muted">{t("evidence.exports.intro")}</p>
      <div className="evidence-exports__buttons">
        {EXPORT_FORMATS.map((format) => (
          <button
            key={format}
            type="button"
            className="button"
            onClick={() => {
              run(format);
            }}
            disabled={start.isPending}
          >
            {t(`evidence.exports.format.${format}`)}
          </button>
        ))}
      </div>
      {start.isError && <Alert>{errorMessage(start.error, t)}</Alert>}
      {jobs.length > 0 && (
        <ul className="evidence-exports__jobs">
          {jobs.map((job) => (
            <ExportJobRow key={job.id} id={job.id} format={job.format} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** One export: a progress bar while it builds, then its download link (or why it failed). */
export function ExportJobRow({ id, format }: { id: string; format: ExportFormat }) {
  const { t, language } = useEvidenceT();
  const job = useExportJob(id);
  const label = t(`evidence.exports.format.${format}`);
  return (
    <li className="evidence-job" data-testid={`export-${format}`}>
      <span className="evidence-job__name">{label}</span>
      {job.isError && <Alert>{errorMessage(job.error, t)}</Alert>}
      {job.data !== undefined && (
        <>
          <progress max={100} value={progressOf(job.data)} aria-label={t("evidence.exports.progress", { format: label })} />
          <span className="evidence-job__status" data-testid="export-status">
            {t(`evidence.exports.status.${job.data.status}`)}
          </span>
          {job.data.status === "done" && job.data.download_url !== null && (
            <a href={job.data.download_url} download data-testid="export-download">
              {t("evidence.exports.download", { format: label, size: formatBytes(job.data.size, language) })}
            </a>
          )}
          {job.data.status === "failed" && (
            <Alert>
              {t("evidence.exports.failed")} {job.data.failure_detail !== "" && <span lang="en">{job.data.failure_detail}</span>}
            </Alert>
          )}
          {!isFinished(job.data) && <span className="muted">{t("evidence.exports.building")}</span>}
        </>
      )}
    </li>
  );
}
