import { useState, type SubmitEvent } from "react";
import { useSearchParams } from "react-router";

import { Alert } from "@/components/ui/alert";
import { useConfirm } from "@/components/ui/use-confirm";
import { useScreeningRun, useStartScreeningRun, VerdictBadge } from "@/features/screening";
import { formatDate, formatMad } from "@/lib/format";
import { errorMessage } from "@/lib/error-message";
import { useCodeLabel, useDocumentTitle } from "@/lib/i18n";
import { localName } from "@/lib/names";

import {
  backtestCsvUrl,
  useBacktest,
  useBacktests,
  useRulebookList,
  useStartBacktest,
  useTransitions,
  type Backtest,
} from "../api/backtests";
import { JobProgress, VersionSelect } from "./version-select";
import "../backtests.css";
import { useBacktestsT } from "../messages";

/** Regulators: run a version over a period of history and read the report; re-screen everything. */
export function BacktestsPage() {
  const { t, language } = useBacktestsT();
  const label = useCodeLabel();
  useDocumentTitle("areas.backtests");
  const rulebooks = useRulebookList();
  const start = useStartBacktest();
  const list = useBacktests();
  // `?backtest=<id>` opens a report, e.g. from a draft's "run the backtest" on the rulebooks page.
  const [params, setParams] = useSearchParams();
  const selected = params.get("backtest");
  const setSelected = (id: string) => {
    setParams({ backtest: id });
  };
  const [version, setVersion] = useState("");
  const [baseline, setBaseline] = useState("");
  const year = new Date().getFullYear();
  const [periodStart, setPeriodStart] = useState(`${year}-01-01`);
  const [periodEnd, setPeriodEnd] = useState(`${year}-12-31`);
  const all = rulebooks.data ?? [];
  const chosen = version !== "" ? version : (all[0]?.versions[0]?.id ?? "");

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    start.mutate(
      {
        rulebook_version: chosen,
        baseline_version: baseline === "" ? null : baseline,
        period_start: periodStart,
        period_end: periodEnd,
      },
      { onSuccess: (created) => { setSelected(created.id); } },
    );
  }

  return (
    <article className="backtests-page">
      <h1 data-testid="backtests-title">{t("backtest.title")}</h1>
      <p className="muted">{t("backtest.intro")}</p>
      {rulebooks.isError && <Alert>{errorMessage(rulebooks.error, t)}</Alert>}
      <form className="form" onSubmit={submit} data-testid="backtest-form">
        <VersionSelect id="backtest-version" label={t("backtest.version")} rulebooks={all} value={chosen} onChange={setVersion} />
        <VersionSelect
          id="backtest-baseline"
          label={t("backtest.baseline")}
          rulebooks={all}
          value={baseline}
          onChange={setBaseline}
          emptyLabel={t("backtest.baselineDefault")}
        />
        <div className="field">
          <label className="field__label" htmlFor="backtest-start">
            {t("backtest.periodStart")}
          </label>
          <input id="backtest-start" className="field__input" type="date" value={periodStart} onChange={(event) => { setPeriodStart(event.target.value); }} required />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="backtest-end">
            {t("backtest.periodEnd")}
          </label>
          <input id="backtest-end" className="field__input" type="date" value={periodEnd} onChange={(event) => { setPeriodEnd(event.target.value); }} required />
        </div>
        <button type="submit" className="button button--primary" disabled={start.isPending || chosen === ""}>
          {t("backtest.submit")}
        </button>
        {start.isError && <Alert>{errorMessage(start.error, t)}</Alert>}
      </form>
      {selected !== null && <BacktestReport id={selected} />}
      <section>
        <h2>{t("backtest.history")}</h2>
        {list.isSuccess && list.data.results.length === 0 && <p className="muted">{t("backtest.noHistory")}</p>}
        <ul>
          {(list.data?.results ?? []).map((backtest) => (
            <li key={backtest.id}>
              {t("version.label", { rulebook: localName(backtest.rulebook, language), number: backtest.version_number, status: label("versionStatus", backtest.version_status) })}
              {" — "}
              {formatDate(backtest.period_start, language)} → {formatDate(backtest.period_end, language)} ({label("jobStatus", backtest.status)}){" "}
              <button type="button" className="button button--quiet" onClick={() => { setSelected(backtest.id); }}>
                {t("backtest.open")}
              </button>
            </li>
          ))}
        </ul>
      </section>
      <Rescreen />
    </article>
  );
}

function BacktestReport({ id }: { id: string }) {
  const { t, language } = useBacktestsT();
  const label = useCodeLabel();
  const backtest = useBacktest(id);
  if (backtest.isError) {
    return <Alert>{errorMessage(backtest.error, t)}</Alert>;
  }
  if (!backtest.isSuccess) {
    return null;
  }
  const job = backtest.data;
  return (
    <section className="panel" data-testid="backtest-report" aria-labelledby="backtest-report-title">
      <h2 id="backtest-report-title" className="panel__title">
        {t("backtest.report")} — {t("version.label", { rulebook: localName(job.rulebook, language), number: job.version_number, status: label("versionStatus", job.version_status) })}
      </h2>
      <JobProgress status={job.status} progress={job.progress} detail={job.failure_detail} testId="backtest-progress" />
      {job.status === "done" && job.report !== null && <ReportBody job={job} />}
    </section>
  );
}

function ReportBody({ job }: { job: Backtest }) {
  const { t, language } = useBacktestsT();
  const report = job.report;
  const transitions = useTransitions(job.id, true);
  if (report === null) {
    return null;
  }
  return (
    <>
      <dl className="screening-figures">
        <dt>{t("backtest.declarations")}</dt>
        <dd data-testid="report-declarations">{report.declarations}</dd>
        <dt>{t("backtest.participants")}</dt>
        <dd>{report.participants}</dd>
        <dt>{t("backtest.affected")}</dt>
        <dd data-testid="report-affected">{report.participants_affected}</dd>
        <dt>{t("backtest.transitions")}</dt>
        <dd data-testid="report-transitions">{report.transitions}</dd>
        <dt>{t("backtest.volume")}</dt>
        <dd data-testid="report-volume">{formatMad(report.volume_mad_changed, language)}</dd>
      </dl>
      <h3>{t("backtest.matrix")}</h3>
      <table className="screening-table" data-testid="report-matrix">
        <thead>
          <tr>
            <th>{t("backtest.before")}</th>
            <th>{t("backtest.after")}</th>
            <th className="screening-table__number">{t("backtest.count")}</th>
            <th className="screening-table__number">{t("backtest.volume")}</th>
          </tr>
        </thead>
        <tbody>
          {report.matrix.map((cell) => (
            <tr key={`${cell.before}-${cell.after}`}>
              <td><VerdictBadge verdict={cell.before} /></td>
              <td><VerdictBadge verdict={cell.after} /></td>
              <td className="screening-table__number">{cell.count}</td>
              <td className="screening-table__number">{formatMad(cell.volume_mad, language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t("backtest.perRule")}</h3>
      <table className="screening-table" data-testid="report-rules">
        <thead>
          <tr>
            <th>{t("backtest.rule")}</th>
            <th className="screening-table__number">{t("backtest.breachesBefore")}</th>
            <th className="screening-table__number">{t("backtest.breachesAfter")}</th>
            <th className="screening-table__number">{t("backtest.new")}</th>
            <th className="screening-table__number">{t("backtest.gone")}</th>
          </tr>
        </thead>
        <tbody>
          {report.per_rule.map((rule) => (
            <tr key={rule.rule_id}>
              <td>{rule.rule_id}</td>
              <td className="screening-table__number">{rule.breaches_before}</td>
              <td className="screening-table__number">{rule.breaches_after}</td>
              <td className="screening-table__number">{rule.newly_breached}</td>
              <td className="screening-table__number">{rule.no_longer_breached}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t("backtest.transitionTable")}</h3>
      {transitions.isSuccess && transitions.data.results.length === 0 && <p className="muted">{t("backtest.noTransition")}</p>}
      {transitions.isSuccess && transitions.data.results.length > 0 && (
        <table className="screening-table" data-testid="report-transition-table">
          <thead>
            <tr>
              <th>{t("backtest.reference")}</th>
              <th>{t("backtest.valueDate")}</th>
              <th className="screening-table__number">{t("backtest.amount")}</th>
              <th>{t("backtest.before")}</th>
              <th>{t("backtest.after")}</th>
              <th>{t("backtest.rulesAfter")}</th>
            </tr>
          </thead>
          <tbody>
            {transitions.data.results.map((row) => (
              <tr key={row.declaration}>
                <td>{row.reference}</td>
                <td>{formatDate(row.value_date, language)}</td>
                <td className="screening-table__number">{row.amount_mad === null ? "—" : formatMad(row.amount_mad, language)}</td>
                <td><VerdictBadge verdict={row.before} /></td>
                <td><VerdictBadge verdict={row.after} /></td>
                <td>{row.rules_after.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <a href={backtestCsvUrl(job.id)} download data-testid="backtest-csv">
          {t("backtest.csv")}
        </a>
      </p>
    </>
  );
}

/** The word typed to re-screen everything: a sweeping action is never one stray click away. */
const RESCREEN_WORD: Readonly<Record<"fr" | "en", string>> = { fr: "RECONTRÔLER", en: "RESCREEN" };

function Rescreen() {
  const { t, language } = useBacktestsT();
  const start = useStartScreeningRun();
  const { confirm, dialog } = useConfirm();
  const [runId, setRunId] = useState<string | null>(null);
  const [since, setSince] = useState("");
  const run = useScreeningRun(runId);
  return (
    <section className="panel" aria-labelledby="rescreen-title" data-testid="rescreen">
      <h2 id="rescreen-title" className="panel__title">
        {t("rescreen.title")}
      </h2>
      <p className="muted">{t("rescreen.intro")}</p>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          confirm(
            {
              title: t("rescreen.confirmTitle"),
              body: <p>{since === "" ? t("rescreen.confirmAll") : t("rescreen.confirmSince", { date: formatDate(since, language) })}</p>,
              confirmLabel: t("rescreen.submit"),
              typedWord: RESCREEN_WORD[language],
            },
            () => {
              start.mutate(
                { since: since === "" ? null : since, reason: "on demand" },
                { onSuccess: (created) => { setRunId(created.id); } },
              );
            },
          );
        }}
      >
        <div className="field">
          <label className="field__label" htmlFor="rescreen-since">
            {t("rescreen.since")}
          </label>
          <input id="rescreen-since" className="field__input" type="date" value={since} onChange={(event) => { setSince(event.target.value); }} />
        </div>
        <button type="submit" className="button" disabled={start.isPending || (run.data !== undefined && run.data.status !== "done" && run.data.status !== "failed")}>
          {t("rescreen.submit")}
        </button>
        {start.isError && <Alert>{errorMessage(start.error, t)}</Alert>}
      </form>
      {run.isSuccess && run.data.status !== "done" && run.data.status !== "failed" && (
        <div>
          <p role="status">{t("rescreen.progress", { progress: run.data.progress, done: run.data.chunks_done, total: run.data.chunks_total })}</p>
          <progress className="job-progress" max={100} value={run.data.progress} data-testid="rescreen-progress" />
        </div>
      )}
      {run.isSuccess && run.data.status === "failed" && <p role="alert">{t("job.failed", { detail: "" })}</p>}
      {run.isSuccess && run.data.status === "done" && (
        <p role="status" data-testid="rescreen-done">
          {t("rescreen.done", { participants: run.data.participants, written: run.data.evaluations_written, changed: run.data.verdicts_changed })}
        </p>
      )}
      {dialog}
    </section>
  );
}
