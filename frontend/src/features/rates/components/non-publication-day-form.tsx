import { useId, useState, type SubmitEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { useConfirm } from "@/components/ui/use-confirm";
import { errorMessage } from "@/lib/error-message";
import { formatDateLong } from "@/lib/format";
import { ApiError } from "@/lib/problem";

import { useMarkNonPublicationDay, type NonPublicationDay } from "../api/rates";
import { toIsoDate } from "../lib/dates";
import { useRatesT, type RatesMessageKey } from "../messages";

type Source = "bam" | "ecb";
type Field = "day" | "reason";

// The server's refusals this form explains in the reader's language, and the field each concerns.
const REFUSALS: Record<string, { field: Field; key: RatesMessageKey }> = {
  future_day: { field: "day", key: "rates.mark.error.future_day" },
  not_a_business_day: { field: "day", key: "rates.mark.error.not_a_business_day" },
  day_published: { field: "day", key: "rates.mark.error.day_published" },
  already_confirmed: { field: "day", key: "rates.mark.error.already_confirmed" },
  required: { field: "reason", key: "rates.mark.error.reason" },
  blank: { field: "reason", key: "rates.mark.error.reason" },
};
const REASON_MAX_LENGTH = 1000;

interface Props {
  /** Called once a day is confirmed, so the calendar can show it. */
  onMarked: (source: Source, day: string) => void;
}

/** The refusal of a field, said in the reader's language, from the server's code. */
function refusalOf(error: unknown): { field: Field | null; key: RatesMessageKey } | null {
  if (!(error instanceof ApiError)) {
    return null;
  }
  for (const code of [error.code, ...error.fieldErrors.map((f) => f.code)]) {
    const known = code === null ? undefined : REFUSALS[code];
    if (known !== undefined) {
      return known;
    }
  }
  return null;
}

/**
 * A regulator confirms that a source published nothing on a business day: the day's payments,
 * and those whose rate is carried across it, then take the previous publication (re-converted
 * and screened again by the workers). Asked for confirmation first: it cannot be undone here.
 */
export function NonPublicationDayForm({ onMarked }: Props) {
  const { t, language } = useRatesT();
  const id = useId();
  const mark = useMarkNonPublicationDay();
  const { confirm, dialog } = useConfirm();
  const [source, setSource] = useState<Source>("bam");
  const [day, setDay] = useState("");
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState<Field[]>([]);
  const [done, setDone] = useState<NonPublicationDay | null>(null);
  const sourceName = (code: string) => (code === "ecb" ? t("rates.source.ecb") : t("rates.source.bam"));
  const refusal = mark.isError ? refusalOf(mark.error) : null;

  function errorFor(field: Field): string | null {
    if (missing.includes(field)) {
      return t(field === "day" ? "rates.mark.error.day" : "rates.mark.error.reason");
    }
    return refusal?.field === field ? t(refusal.key) : null;
  }

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const absent: Field[] = [];
    if (day === "") {
      absent.push("day");
    }
    if (reason.trim() === "") {
      absent.push("reason");
    }
    setMissing(absent);
    if (absent.length > 0) {
      return;
    }
    mark.reset();
    setDone(null);
    const body = { source, day, reason: reason.trim() };
    confirm(
      {
        title: t("rates.mark.confirmTitle", { source: sourceName(source), date: formatDateLong(day, language) }),
        body: <p>{t("rates.mark.confirmBody", { source: sourceName(source), date: formatDateLong(day, language) })}</p>,
        confirmLabel: t("rates.mark.confirm"),
      },
      () => {
        mark.mutate(body, {
          onSuccess: (marked) => {
            setDone(marked);
            setDay("");
            setReason("");
            onMarked(source, marked.day);
          },
        });
      },
    );
  }

  const dayError = errorFor("day");
  const reasonError = errorFor("reason");
  return (
    <section className="rates-mark" aria-labelledby={`${id}-title`} data-testid="non-publication-form">
      <h3 id={`${id}-title`}>{t("rates.mark.title")}</h3>
      <p className="muted">{t("rates.mark.intro")}</p>
      <form className="form rates-mark__form" onSubmit={submit} noValidate>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-source`}>
            {t("rates.calendar.source")}
          </label>
          <select
            id={`${id}-source`}
            className="field__input"
            value={source}
            onChange={(event) => {
              setSource(event.target.value === "ecb" ? "ecb" : "bam");
            }}
          >
            <option value="bam">{t("rates.source.bam")}</option>
            <option value="ecb">{t("rates.calendar.ecb")}</option>
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-day`}>
            {t("rates.mark.day")}
          </label>
          <input
            id={`${id}-day`}
            className="field__input"
            type="date"
            value={day}
            max={toIsoDate(new Date())}
            aria-invalid={dayError !== null}
            aria-describedby={dayError !== null ? `${id}-day-error` : undefined}
            onChange={(event) => {
              setDay(event.target.value);
              setMissing((fields) => fields.filter((f) => f !== "day"));
            }}
          />
          {dayError !== null && (
            <p id={`${id}-day-error`} className="field__errors" data-testid="mark-day-error">
              {dayError}
            </p>
          )}
        </div>
        <div className="field rates-mark__reason">
          <label className="field__label" htmlFor={`${id}-reason`}>
            {t("rates.mark.reason")}
          </label>
          <textarea
            id={`${id}-reason`}
            className="field__input"
            rows={2}
            maxLength={REASON_MAX_LENGTH}
            value={reason}
            aria-invalid={reasonError !== null}
            aria-describedby={reasonError !== null ? `${id}-reason-error` : undefined}
            onChange={(event) => {
              setReason(event.target.value);
              setMissing((fields) => fields.filter((f) => f !== "reason"));
            }}
          />
          {reasonError !== null && (
            <p id={`${id}-reason-error`} className="field__errors" data-testid="mark-reason-error">
              {reasonError}
            </p>
          )}
        </div>
        <button className="button button--primary" type="submit" disabled={mark.isPending}>
          {mark.isPending ? t("rates.mark.submitting") : t("rates.mark.submit")}
        </button>
      </form>
      {mark.isError && refusal === null && (
        <Alert title={t("rates.mark.failed")} testId="mark-error" focusOnMount>
          <p>{errorMessage(mark.error, t)}</p>
        </Alert>
      )}
      {done !== null && (
        <p className="rates-note rates-note--done" role="status" data-testid="mark-done">
          {t("rates.mark.done", { source: sourceName(done.source), date: formatDateLong(done.day, language) })}
        </p>
      )}
      {dialog}
    </section>
  );
}
