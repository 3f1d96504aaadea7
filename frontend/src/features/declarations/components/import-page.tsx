import { useState, type SubmitEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { useDocumentTitle } from "@/lib/i18n";

import { reportUrl, templateUrl, useImportJob, useUploadImport, type ImportJob } from "../api/imports";
import { useDeclarationsT } from "../messages";
import "../declarations.css";

/** Bulk import: template, a dry run with its row report, then the import with a progress bar. */
export function ImportPage() {
  const { t } = useDeclarationsT();
  useDocumentTitle("areas.imports");
  const upload = useUploadImport();
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useImportJob(jobId);

  function send(event: SubmitEvent<HTMLFormElement>, dryRun: boolean) {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem("file") as HTMLInputElement | null;
    const file = input?.files?.[0];
    if (file === undefined) {
      return;
    }
    setJobId(null);
    upload.mutate({ file, dryRun }, { onSuccess: (created) => { setJobId(created.id); } });
  }

  return (
    <article className="declarations-page">
      <h1 data-testid="import-title">{t("areas.imports")}</h1>
      <p className="muted">{t("import.intro")}</p>
      <p>
        <a href={templateUrl("csv")} download>
          {t("import.templateCsv")}
        </a>
        {" · "}
        <a href={templateUrl("xlsx")} download>
          {t("import.templateXlsx")}
        </a>
      </p>
      <form
        className="form"
        onSubmit={(event) => {
          const submitter = (event.nativeEvent as unknown as { submitter?: HTMLButtonElement }).submitter;
          send(event, submitter?.value === "dry-run");
        }}
      >
        <label className="field__label" htmlFor="import-file">
          {t("import.file")}
        </label>
        <input id="import-file" name="file" type="file" accept=".csv,.xlsx,text/csv" required />
        <div className="declarations-page__actions">
          <button type="submit" name="mode" value="dry-run" className="button" disabled={upload.isPending}>
            {t("import.dryRun")}
          </button>
          <button type="submit" name="mode" value="import" className="button button--primary" disabled={upload.isPending}>
            {t("import.run")}
          </button>
        </div>
      </form>
      {upload.isError && <Alert focusOnMount>{errorMessage(upload.error, t)}</Alert>}
      {job.data !== undefined && <JobResult job={job.data} />}
    </article>
  );
}

function JobResult({ job }: { job: ImportJob }) {
  const { t } = useDeclarationsT();
  const finished = job.status === "done" || job.status === "failed";
  return (
    <section className="import-result" data-testid="import-result">
      {!finished && (
        <>
          <p role="status">{job.status === "queued" ? t("import.queued") : t("import.running", { progress: job.progress })}</p>
        </>
      )}
      <progress max={100} value={job.progress} aria-label={t("import.running", { progress: job.progress })} data-testid="import-progress" />
      {job.status === "failed" && <Alert>{t("import.failed", { detail: job.failure_detail })}</Alert>}
      {job.status === "done" && (
        <>
          <p role="status" data-testid="import-status">
            {job.dry_run ? t("import.dryRunDone") : t("import.done")}
          </p>
          <p data-testid="import-summary">{t("import.summary", job.summary)}</p>
        </>
      )}
      {job.report.length > 0 && (
        <>
          <h2>{t("import.report")}</h2>
          <p>
            <a href={reportUrl(job.id)} download data-testid="import-report-download">
              {t("import.reportDownload")}
            </a>
          </p>
          {job.report_truncated && <p className="muted">{t("import.truncated")}</p>}
          <table className="declarations__table" data-testid="import-report">
            <thead>
              <tr>
                <th scope="col">{t("import.row")}</th>
                <th scope="col">{t("import.column")}</th>
                <th scope="col">{t("import.code")}</th>
                <th scope="col">{t("import.message")}</th>
              </tr>
            </thead>
            <tbody>
              {job.report.map((entry) => (
                <tr key={`${entry.row}-${entry.column}-${entry.code}`}>
                  <td>{entry.row}</td>
                  <td>{entry.column}</td>
                  <td>{entry.code}</td>
                  <td>{entry.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
