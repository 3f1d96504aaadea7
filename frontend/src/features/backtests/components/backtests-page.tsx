import { useState, type SubmitEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { formatDay, formatMad, useScreeningRun, useScreeningT, useStartScreeningRun, VerdictBadge } from "@/features/screening";
import { errorMessage } from "@/lib/error-message";
import { useDocumentTitle, useI18n } from "@/lib/i18n";

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

/** Regulators: run a version over a period of history and read the report; re-screen everything. */
export function BacktestsPage() {
  const { t } = useI18n();
  const { s } = useScreeningT();
  useDocumentTitle("areas.backtests");
  const rulebooks = useRulebookList();
  const start = useStartBacktest();
  const list = useBacktests();
  const [selected, setSelected] = useState<string | null>(null);
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
      <h1 data-testid="backtests-title">{s("backtest.title")}</h1>
      <p className="muted">{s("backtest.intro")}</p>
      {rulebooks.isError && <Alert>{errorMessage(rulebooks.error, t)}</Alert>}
      <form className="form" onSubmit={submit} data-testid="backtest-form">
        <VersionSelect id="backtest-version" label={s("backtest.version")} rulebooks={all} value={chosen} onChange={setVersion} />
        <VersionSelect
          id="backtest-baseline"
          label={s("backtest.baseline")}
          rulebooks={all}
          value={baseline}
          onChange={setBaseline}
          emptyLabel={s("backtest.baselineDefault")}
        />
        <div className="field">
          <label className="field__label" htmlFor="backtest-start">
            {s("backtest.periodStart")}
          </label>
          <input id="backtest-start" className="field__input" type="date" value={periodStart} onChange={(event) => { setPeriodStart(event.target.value); }} required />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="backtest-end">
            {s("backtest.periodEnd")}
          </label>
          <input id="backtest-end" className="field__input" type="date" value={periodEnd} onChange={(event) => { setPeriodEnd(event.target.value); }} required />
        </div>
        <button type="submit" className="button button--primary" disabled={start.isPending || chosen === ""}>
          {s("backtest.submit")}
        </button>
        {start.isError && <Alert>{errorMessage(start.error, t)}</Alert>}
      </form>
      {selected !== null && <BacktestReport id={selected} />}
      <section>
        <h2>{s("backtest.history")}</h2>
        <ul>
          {(list.data?.results ?? []).map((backtest) => (
            <li key={backtest.id}>
              {s("version.label", { rulebook: backtest.rulebook.name, number: backtest.version_number, status: backtest.version_status })}
              {" — "}
              {formatDay(backtest.period_start)} → {formatDay(backtest.period_end)} ({backtest.status}){" "}
              <button type="button" className="button button--quiet" onClick={() => { setSelected(backtest.id); }}>
                {s("backtest.open")}
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
  const { t } = useI18n();
  const { s } = useScreeningT();
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
        {s("backtest.report")} — {s("version.label", { rulebook: job.rulebook.name, number: job.version_number, status: job.version_status })}
      </h2>
      <JobProgress status={job.status} progress={job.progress} detail={job.failure_detail} testId="backtest-progress" />
      {job.status === "done" && job.report !== null && <ReportBody job={job} />}
    </section>
  );
}

function ReportBody({ job }: { job: Backtest }) {
  const { s, language } = useScreeningT();
  const report = job.report;
  const transitions = useTransitions(job.id, true);
  if (report === null) {
    return null;
  }
  return (
    <>
      <dl className="screening-figures">
        <dt>{s("backtest.declarations")}</dt>
        <dd data-testid="report-declarations">{report.declarations}</dd>
        <dt>{s("backtest.participants")}</dt>
        <dd>{report.participants}</dd>
        <dt>{s("backtest.affected")}</dt>
        <dd data-testid="report-affected">{report.participants_affected}</dd>
        <dt>{s("backtest.transitions")}</dt>
        <dd data-testid="report-transitions">{report.transitions}</dd>
        <dt>{s("backtest.volume")}</dt>
        <dd data-testid="report-volume">{formatMad(report.volume_mad_changed, language)}</dd>
      </dl>
      <h3>{s("backtest.matrix")}</h3>
      <table className="screening-table" data-testid="report-matrix">
        <thead>
          <tr>
            <th>{s("backtest.before")}</th>
            <th>{s("backtest.after")}</th>
            <th className="screening-table__number">{s("backtest.count")}</th>
            <th className="screening-table__number">{s("backtest.volume")}</th>
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
      <h3>{s("backtest.perRule")}</h3>
      <table className="screening-table" data-testid="report-rules">
        <thead>
          <tr>
            <th>{s("backtest.rule")}</th>
            <th className="screening-table__number">{s("backtest.breachesBefore")}</th>
            <th className="screening-table__number">{s("backtest.breachesAfter")}</th>
            <th className="screening-table__number">{s("backtest.new")}</th>
            <th className="screening-table__number">{s("backtest.gone")}</th>
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
      <h3>{s("backtest.transitionTable")}</h3>
      {transitions.isSuccess && transitions.data.results.length === 0 && <p className="muted">{s("backtest.noTransition")}</p>}
      {transitions.isSuccess && transitions.data.results.length > 0 && (
        <table className="screening-table" data-testid="report-transition-table">
          <thead>
            <tr>
              <th>{s("backtest.reference")}</th>
              <th>{s("backtest.valueDate")}</th>
              <th className="screening-table__number">{s("backtest.amount")}</th>
              <th>{s("backtest.before")}</th>
              <th>{s("backtest.after")}</th>
              <th>{s("backtest.rulesAfter")}</th>
            </tr>
          </thead>
          <tbody>
            {transitions.data.results.map((row) => (
              <tr key={row.declaration}>
                <td>{row.reference}</td>
                <td>{formatDay(row.value_date)}</td>
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
          {s("backtest.csv")}
        </a>
      </p>
    </>
  );
}

function Rescreen() {
  const { t } = useI18n();
  const { s } = useScreeningT();
  const start = useStartScreeningRun();
  const [runId, setRunId] = useState<string | null>(null);
  const [since, setSince] = useState("");
  const run = useScreeningRun(runId);
  return (
    <section className="panel" aria-labelledby="rescreen-title" data-testid="rescreen">
      <h2 id="rescreen-title" className="panel__title">
        {s("rescreen.title")}
      </h2>
      <p className="muted">{s("rescreen.intro")}</p>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          start.mutate(
            { since: since === "" ? null : since, reason: "on demand" },
            { onSuccess: (created) => { setRunId(created.id); } },
          );
        }}
      >
        <div className="field">
          <label className="field__label" htmlFor="rescreen-since">
            {s("rescreen.since")}
          </label>
          <input id="rescreen-since" className="field__input" type="date" value={since} onChange={(event) => { setSince(event.target.value); }} />
        </div>
        <button type="submit" className="button" disabled={start.isPending || (run.data !== undefined && run.data.status !== "done" && run.data.status !== "failed")}>
          {s("rescreen.submit")}
        </button>
        {start.isError && <Alert>{errorMessage(start.error, t)}</Alert>}
      </form>
      {run.isSuccess && run.data.status !== "done" && run.data.status !== "failed" && (
        <div>
          <p role="status">{s("rescreen.progress", { progress: run.data.progress, done: run.data.chunks_done, total: run.data.chunks_total })}</p>
          <progress className="job-progress" max={100} value={run.data.progress} data-testid="rescreen-progress" />
        </div>
      )}
      {run.isSuccess && run.data.status === "failed" && <p role="alert">{s("job.failed", { detail: "" })}</p>}
      {run.isSuccess && run.data.status === "done" && (
        <p role="status" data-testid="rescreen-done">
          {s("rescreen.done", { participants: run.data.participants, written: run.data.evaluations_written, changed: run.data.verdicts_changed })}
        </p>
      )}
    </section>
  );
}
