import { useState, type SubmitEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { formatDay, formatMad, useScreeningT, type ScreeningMessageKey } from "@/features/screening";
import { errorMessage } from "@/lib/error-message";
import { useDocumentTitle, useI18n } from "@/lib/i18n";

import { sweepCsvUrl, useRulebookList, useStartSweep, useSweep, useSweeps, useVersionDetail, type Sweep } from "../api/backtests";
import { curveGeometry, metricValues, numericParameters, sweepValues, type Metric } from "../lib/sweep";
import { JobProgress, VersionSelect } from "./version-select";

const METRICS: readonly Metric[] = ["breaches", "participants", "volume"];
const CHART = { width: 480, height: 200, pad: 24 } as const;
const DEFAULT_POINTS = 5;

/** Regulators: vary one numeric parameter of one rule and read the curve. */
export function SweepsPage() {
  const { t } = useI18n();
  const { s } = useScreeningT();
  useDocumentTitle("areas.sweeps");
  const rulebooks = useRulebookList();
  const start = useStartSweep();
  const list = useSweeps();
  const all = rulebooks.data ?? [];
  const [version, setVersion] = useState("");
  const chosen = version !== "" ? version : (all[0]?.versions[0]?.id ?? "");
  const detail = useVersionDetail(chosen === "" ? null : chosen);
  const rules = detail.data?.rules ?? [];
  const [ruleId, setRuleId] = useState("");
  const rule = rules.find((r) => r.id === ruleId) ?? rules[0];
  const parameters = numericParameters(rule?.params);
  const [parameter, setParameter] = useState("");
  const param = parameters.includes(parameter) ? parameter : (parameters[0] ?? "");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [points, setPoints] = useState(String(DEFAULT_POINTS));
  const year = new Date().getFullYear();
  const [periodStart, setPeriodStart] = useState(`${year}-01-01`);
  const [periodEnd, setPeriodEnd] = useState(`${year}-12-31`);
  const [selected, setSelected] = useState<string | null>(null);
  const values = sweepValues(from, to, Number(points));

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (values === null || rule === undefined || param === "") {
      return;
    }
    start.mutate(
      { rulebook_version: chosen, rule_id: rule.id, parameter: param, values, period_start: periodStart, period_end: periodEnd },
      { onSuccess: (created) => { setSelected(created.id); } },
    );
  }

  return (
    <article className="sweeps-page">
      <h1 data-testid="sweeps-title">{s("sweep.title")}</h1>
      <p className="muted">{s("sweep.intro")}</p>
      {rulebooks.isError && <Alert>{errorMessage(rulebooks.error, t)}</Alert>}
      <form className="form" onSubmit={submit} data-testid="sweep-form">
        <VersionSelect id="sweep-version" label={s("sweep.version")} rulebooks={all} value={chosen} onChange={(v) => { setVersion(v); setRuleId(""); setParameter(""); }} />
        <div className="field">
          <label className="field__label" htmlFor="sweep-rule">{s("sweep.rule")}</label>
          <select id="sweep-rule" className="field__input" value={rule?.id ?? ""} onChange={(event) => { setRuleId(event.target.value); setParameter(""); }}>
            {rules.map((r) => (
              <option key={r.id} value={r.id}>
                {r.id} — {r.kind}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="sweep-parameter">{s("sweep.parameter")}</label>
          <select id="sweep-parameter" className="field__input" value={param} onChange={(event) => { setParameter(event.target.value); }}>
            {parameters.map((name) => (
              <option key={name} value={name}>{name}</option>
            ))}
          </select>
          {rule !== undefined && parameters.length === 0 && <p className="muted">{s("sweep.noParameter")}</p>}
        </div>
        <div className="field">
          <label className="field__label" htmlFor="sweep-from">{s("sweep.from")}</label>
          <input id="sweep-from" className="field__input" inputMode="decimal" value={from} onChange={(event) => { setFrom(event.target.value); }} required />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="sweep-to">{s("sweep.to")}</label>
          <input id="sweep-to" className="field__input" inputMode="decimal" value={to} onChange={(event) => { setTo(event.target.value); }} required />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="sweep-points">{s("sweep.points")}</label>
          <input id="sweep-points" className="field__input" type="number" min={2} max={50} value={points} onChange={(event) => { setPoints(event.target.value); }} required />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="sweep-start">{s("backtest.periodStart")}</label>
          <input id="sweep-start" className="field__input" type="date" value={periodStart} onChange={(event) => { setPeriodStart(event.target.value); }} required />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="sweep-end">{s("backtest.periodEnd")}</label>
          <input id="sweep-end" className="field__input" type="date" value={periodEnd} onChange={(event) => { setPeriodEnd(event.target.value); }} required />
        </div>
        {from !== "" && to !== "" && values === null && <p role="alert">{s("sweep.badRange")}</p>}
        <button type="submit" className="button button--primary" disabled={start.isPending || values === null || param === ""}>
          {s("sweep.submit")}
        </button>
        {start.isError && <Alert>{errorMessage(start.error, t)}</Alert>}
      </form>
      {selected !== null && <SweepResult id={selected} />}
      <section>
        <h2>{s("sweep.history")}</h2>
        <ul>
          {(list.data?.results ?? []).map((sweep) => (
            <li key={sweep.id}>
              {sweep.rulebook.name} v{sweep.version_number} — {sweep.rule_id}.{sweep.parameter} — {formatDay(sweep.period_start)} → {formatDay(sweep.period_end)} ({sweep.status}){" "}
              <button type="button" className="button button--quiet" onClick={() => { setSelected(sweep.id); }}>
                {s("backtest.open")}
              </button>
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}

function SweepResult({ id }: { id: string }) {
  const { t } = useI18n();
  const { s } = useScreeningT();
  const sweep = useSweep(id);
  if (sweep.isError) {
    return <Alert>{errorMessage(sweep.error, t)}</Alert>;
  }
  if (!sweep.isSuccess) {
    return null;
  }
  const job = sweep.data;
  return (
    <section className="panel" data-testid="sweep-result">
      <h2 className="panel__title">
        {s("sweep.curve")} — {job.rule_id}.{job.parameter}
      </h2>
      <JobProgress status={job.status} progress={job.progress} detail={job.failure_detail} testId="sweep-progress" />
      {job.status === "done" && <SweepCurve sweep={job} />}
    </section>
  );
}

function SweepCurve({ sweep }: { sweep: Sweep }) {
  const { s, language } = useScreeningT();
  const [metric, setMetric] = useState<Metric>("breaches");
  const curve = curveGeometry(metricValues(sweep, metric), CHART.width, CHART.height, CHART.pad);
  const label = s(`sweep.${metric}` as ScreeningMessageKey);
  return (
    <>
      <label className="field__label" htmlFor="sweep-metric">{s("sweep.metric")}</label>{" "}
      <select id="sweep-metric" value={metric} onChange={(event) => { setMetric(event.target.value as Metric); }}>
        {METRICS.map((m) => (
          <option key={m} value={m}>{s(`sweep.${m}` as ScreeningMessageKey)}</option>
        ))}
      </select>
      <svg className="sweep-curve" viewBox={`0 0 ${CHART.width} ${CHART.height}`} role="img" aria-label={`${label}: ${sweep.rule_id}.${sweep.parameter}`} data-testid="sweep-curve">
        <line x1={CHART.pad} y1={CHART.height - CHART.pad} x2={CHART.width - CHART.pad} y2={CHART.height - CHART.pad} stroke="#98a2b3" />
        <line x1={CHART.pad} y1={CHART.pad} x2={CHART.pad} y2={CHART.height - CHART.pad} stroke="#98a2b3" />
        <path d={curve.path} fill="none" stroke="#1d4ed8" strokeWidth={2} />
        {curve.points.map((p, i) => (
          <circle key={sweep.results[i]?.value ?? i} cx={p.x} cy={p.y} r={3} fill="#1d4ed8" />
        ))}
        <text x={CHART.pad} y={CHART.pad - 8} fontSize={11}>{curve.maxY.toLocaleString(language === "fr" ? "fr-FR" : "en-GB")}</text>
      </svg>
      <table className="screening-table" data-testid="sweep-table">
        <thead>
          <tr>
            <th className="screening-table__number">{s("sweep.value")}</th>
            <th className="screening-table__number">{s("sweep.breaches")}</th>
            <th className="screening-table__number">{s("sweep.participants")}</th>
            <th className="screening-table__number">{s("sweep.volume")}</th>
          </tr>
        </thead>
        <tbody>
          {sweep.results.map((point) => (
            <tr key={point.value}>
              <td className="screening-table__number">{formatMad(point.value, language)}</td>
              <td className="screening-table__number">{point.breaches}</td>
              <td className="screening-table__number">{point.participants}</td>
              <td className="screening-table__number">{formatMad(point.volume_mad_blocked, language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <a href={sweepCsvUrl(sweep.id)} download data-testid="sweep-csv">
          {s("sweep.csv")}
        </a>
      </p>
    </>
  );
}
