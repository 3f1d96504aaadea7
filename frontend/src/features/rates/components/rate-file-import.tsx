import { useId, useState, type SubmitEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";

import { useImportRateFile, type ImportOutput, type RateFileSource } from "../api/rates";
import { formatDateRange } from "@/lib/format";
import { useCodeLabel } from "@/lib/i18n";

import { FILE_SOURCES, isQuarantined } from "../lib/page";
import { useRatesT } from "../messages";

function ImportResult({ result }: { result: ImportOutput }) {
  const { t, language } = useRatesT();
  const { payload } = result;
  const period =
    payload.first_date !== null && payload.last_date !== null
      ? formatDateRange(payload.first_date, payload.last_date, language)
      : "—";
  return (
    <div className="rates-note rates-note--done" role="status" data-testid="rate-import-result">
      {result.duplicate ? (
        <p>{t("rates.import.duplicate", { filename: payload.filename })}</p>
      ) : (
        <p>
          {t("rates.import.stored", {
            filename: payload.filename,
            period,
            new: payload.rows_new,
            revised: payload.rows_revised,
            unchanged: payload.rows_unchanged,
          })}
        </p>
      )}
      {!result.duplicate && payload.applied_at === null && <p>{t("rates.import.reconverting")}</p>}
    </div>
  );
}

/** Import a saved answer of a source (air-gapped deployments, back-fills). */
export function RateFileImport() {
  const { t } = useRatesT();
  const label = useCodeLabel();
  const id = useId();
  const [source, setSource] = useState<RateFileSource>("bam");
  const [file, setFile] = useState<File | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const importFile = useImportRateFile();

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (file === null) {
      setMissingFile(true);
      return;
    }
    importFile.mutate({ source, file });
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="panel__title">
        {t("rates.import.title")}
      </h2>
      <p className="muted">{t("rates.import.intro")}</p>
      <form className="form rates-import" onSubmit={submit} noValidate>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-source`}>
            {t("rates.import.source")}
          </label>
          <select
            id={`${id}-source`}
            className="field__input"
            value={source}
            onChange={(event) => {
              setSource(event.target.value as RateFileSource);
            }}
          >
            {FILE_SOURCES.map((option) => (
              <option key={option} value={option}>
                {label("payloadFormat", option)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-file`}>
            {t("rates.import.file")}
          </label>
          <input
            id={`${id}-file`}
            className="field__input"
            type="file"
            accept=".json,.xml,.csv,application/json,text/xml,text/csv"
            aria-invalid={missingFile}
            aria-describedby={missingFile ? `${id}-file-error` : undefined}
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setMissingFile(false);
            }}
          />
          {missingFile && (
            <p id={`${id}-file-error`} className="field__errors">
              {t("errors.required")}
            </p>
          )}
        </div>
        <button className="button button--primary" type="submit" disabled={importFile.isPending}>
          {importFile.isPending ? t("rates.import.submitting") : t("rates.import.submit")}
        </button>
      </form>
      {importFile.isSuccess && <ImportResult result={importFile.data} />}
      {importFile.isError && (
        <Alert
          title={t(isQuarantined(importFile.error) ? "rates.import.quarantined" : "rates.import.failed")}
          testId="rate-import-error"
          focusOnMount
        >
          <p>{errorMessage(importFile.error, t)}</p>
        </Alert>
      )}
    </section>
  );
}
