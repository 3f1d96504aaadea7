import { useMemo, useState, type ChangeEvent, type SubmitEvent } from "react";
import { Link } from "react-router";

import { Alert } from "@/components/ui/alert";
import { headroomLine, isOver, missingLine, resetLine } from "@/features/headroom";
import { VerdictsPanel } from "@/features/screening";
import { errorMessage } from "@/lib/error-message";
import { formatDateLong, formatMoney, formatRateValue, todayIso } from "@/lib/format";
import { useDocumentTitle } from "@/lib/i18n";
import { ApiError } from "@/lib/problem";

import { useCategories, useSimulation, type Simulation, type SimulationInput } from "../api/declarations";
import { checkForm, EMPTY_FORM, toChangesBody, type FormValues } from "../lib/form";
import { serverCodeKey, useDeclarationsT } from "../messages";
import { PaymentFields } from "./payment-fields";
import "../declarations.css";

const PLANNED: FormValues = { ...EMPTY_FORM, counterparty_name: "", value_date: todayIso() };

/**
 * "Can I pay this invoice by card this month?": a planned payment converted and screened under
 * both rulebooks exactly as declaring it would, with the allowances left after it — nothing is
 * recorded.
 */
export function SimulatorPage() {
  const { t, language } = useDeclarationsT();
  useDocumentTitle("areas.simulator");
  const categories = useCategories();
  const simulate = useSimulation();
  const [values, setValues] = useState<FormValues>(PLANNED);
  const [submitted, setSubmitted] = useState(false);
  const incoming = useMemo(
    () => new Set((categories.data ?? []).filter((c) => c.direction === "incoming").map((c) => c.code)),
    [categories.data],
  );
  // A planned payment may lie ahead (the server allows a year): only "required" is checked here.
  const problems = checkForm({ ...values, reference: "-" }, "9999-12-31", incoming, language);
  const serverError = simulate.error instanceof ApiError ? simulate.error : null;

  function errorsFor(field: string): string[] {
    const local = submitted ? problems[field] : undefined;
    if (local !== undefined) {
      return [typeof local === "string" ? t(local) : t(local[0], local[1])];
    }
    return (serverError?.fieldErrors ?? [])
      .filter((error) => error.field === field)
      .map((error) => {
        const key = serverCodeKey(error.code);
        return key === null ? error.detail : t(key);
      });
  }

  function pick(name: keyof FormValues, value: string) {
    setValues((current) => ({ ...current, [name]: value }));
  }

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(problems).length > 0) {
      return;
    }
    simulate.mutate(toChangesBody(values, language) as SimulationInput);
  }

  return (
    <article className="page simulator">
      <h1>{t("simulator.title")}</h1>
      <p className="muted">{t("simulator.intro")}</p>
      <form className="form declare" onSubmit={submit} noValidate data-testid="simulator-form">
        <div className="declare__grid">
          <PaymentFields
            values={values}
            onChange={(event: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => {
              pick(event.target.name as keyof FormValues, event.target.value);
            }}
            onPick={pick}
            errorsFor={(field) => errorsFor(field)}
            allowFuture
          />
        </div>
        {simulate.isError && serverError?.fieldErrors.length === 0 && (
          <Alert title={t("simulator.failed")}>{errorMessage(simulate.error, t)}</Alert>
        )}
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={simulate.isPending}>
            {simulate.isPending ? t("simulator.running") : t("simulator.submit")}
          </button>
        </div>
      </form>
      {simulate.isSuccess && <SimulationResult result={simulate.data} values={values} />}
    </article>
  );
}

function SimulationResult({ result, values }: { result: Simulation; values: FormValues }) {
  const { t, language } = useDeclarationsT();
  const governing = result.verdicts.find((verdict) => verdict.governing);
  const conversion = result.conversion;
  return (
    <section className="panel simulation" aria-labelledby="simulation-title" data-testid="simulation-result" aria-live="polite">
      <h2 id="simulation-title" className="panel__title">
        {t("simulator.result")}
      </h2>
      <p className="notice notice--warning">{t("simulator.nothingStored")}</p>
      {governing !== undefined && (
        <p className={`simulation__answer simulation__answer--${governing.verdict}`} data-testid="simulation-answer">
          {t(`simulator.answer.${governing.verdict}`, { rulebook: language === "fr" ? governing.rulebook.name_fr : governing.rulebook.name_en })}
        </p>
      )}
      <dl className="facts">
        <dt>{t("list.amount")}</dt>
        <dd data-testid="simulation-conversion">
          {conversion === null
            ? t("simulator.noRate")
            : t("detail.conversion", {
                amount: formatMoney(conversion.amount_mad, "MAD", language),
                rate: formatRateValue(conversion.rate, language),
                currency: values.currency,
                date: formatDateLong(conversion.rate_date, language),
              })}
          {conversion !== null && conversion.method === "estimate" && (
            <strong className="illustrative-tag"> {t("simulator.estimate")}</strong>
          )}
        </dd>
        {conversion !== null && (
          <>
            <dt>{t("detail.rate")}</dt>
            <dd>{conversion.explanation[language]}</dd>
          </>
        )}
      </dl>
      <VerdictsPanel verdicts={result.verdicts} />
      <h3>{t("simulator.headroom")}</h3>
      {result.headroom_after.length === 0 ? (
        <p className="muted">{t("simulator.noHeadroom")}</p>
      ) : (
        <ul className="headroom-after" data-testid="simulation-headroom">
          {result.headroom_after.map((row) => {
            const missing = missingLine(row, language);
            return (
              <li key={`${row.version.id}-${row.rule_id}`} className={isOver(row) ? "headroom-after__row headroom-after__row--over" : "headroom-after__row"}>
                <strong>{language === "fr" ? row.title_fr : row.title_en}</strong>{" "}
                {row.illustrative && <span className="illustrative-tag"> {t("tag.illustrative")}</span>}
                <div>{headroomLine(row, language)}</div>
                <div className="muted">{resetLine(row, language)}</div>
                {missing !== null && <div>{missing}</div>}
              </li>
            );
          })}
        </ul>
      )}
      <p>
        <Link to="/startup/declarations">{t("simulator.declare")}</Link>
      </p>
    </section>
  );
}
