import { useState, type SubmitEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";

import { ChartFrame } from "@/components/charts/chart-frame";
import { SERIES_COLOURS } from "@/components/charts/colours";
import { formatDate, formatMad, formatNumber } from "@/lib/format";
import { errorMessage } from "@/lib/error-message";
import { useCodeLabel, useDocumentTitle } from "@/lib/i18n";
import { localName } from "@/lib/names";

import { sweepCsvUrl, useParameterMarkers, useRulebookList, useStartSweep, useSweep, useSweeps, useVersionDetail, type Sweep } from "../api/backtests";
import { formatParameter, metricValues, numericParameters, sweepValues, type Metric } from "../lib/sweep";
import { JobProgress, VersionSelect } from "./version-select";
import "../backtests.css";
import { useBacktestsT, type BacktestsMessageKey } from "../messages";

const METRICS: readonly Metric[] = ["breaches", "participants", "volume"];
const DEFAULT_POINTS = 5;

/** Regulators: vary one numeric parameter of one rule and read the curve. */
export function SweepsPage() {
  const { t, language } = useBacktestsT();
  const label = useCodeLabel();
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
      <h1 data-testid="sweeps-title">{t("sweep.title")}</h1>
      <p className="muted">{t("sweep.intro")}</p>
      {rulebooks.isError && <Alert>{errorMessage(rulebooks.error, t)}</Alert>}
      <form className="form" onSubmit={submit} data-testid="sweep-form">
        <VersionSelect id="sweep-version" label={t("sweep.version")} rulebooks={all} value={chosen} onChange={(v) => { setVersion(v); setRuleId(""); setParameter(""); }} />
        <div className="field">
          <label className="field__label" htmlFor="sweep-rule">{t("sweep.rule")}</label>
          <select id="sweep-rule" className="field__input" value={rule?.id ?? ""} onChange={(event) => { setRuleId(event.target.value); setParameter(""); }}>
            {rules.map((r) => (
              <option key={r.id} value={r.id}>
                {language === "fr" ? r.title.fr : r.title.en} — {label("ruleKind", r.kind)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="sweep-parameter">{t("sweep.parameter")}</label>
          <select id="sweep-parameter" className="field__input" value={param} onChange={(event) => { setParameter(event.target.value); }}>
            {parameters.map((name) => (
              <option key={name} value={name}>{label("param", name)}</option>
            ))}
          </select>
          {rule !== undefined && parameters.length === 0 && <p className="muted">{t("sweep.noParameter")}</p>}
        </div>
        <div className="field">
          <label className="field__label" htmlFor="sweep-from">{t("sweep.from")}</label>
          <input id="sweep-from" className="field__input" inputMode="decimal" value={from} onChange={(event) => { setFrom(event.target.value); }} required />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="sweep-to">{t("sweep.to")}</label>
          <input id="sweep-to" className="field__input" inputMode="decimal" value={to} onChange={(event) => { setTo(event.target.value); }} required />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="sweep-points">{t("sweep.points")}</label>
          <input id="sweep-points" className="field__input" type="number" min={2} max={50} value={points} onChange={(event) => { setPoints(event.target.value); }} required />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="sweep-start">{t("backtest.periodStart")}</label>
          <input id="sweep-start" className="field__input" type="date" value={periodStart} onChange={(event) => { setPeriodStart(event.target.value); }} required />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="sweep-end">{t("backtest.periodEnd")}</label>
          <input id="sweep-end" className="field__input" type="date" value={periodEnd} onChange={(event) => { setPeriodEnd(event.target.value); }} required />
        </div>
        {from !== "" && to !== "" && values === null && <p role="alert">{t("sweep.badRange")}</p>}
        <button type="submit" className="button button--primary" disabled={start.isPending || values === null || param === ""}>
          {t("sweep.submit")}
        </button>
        {start.isError && <Alert>{errorMessage(start.error, t)}</Alert>}
      </form>
      {selected !== null && <SweepResult id={selected} />}
      <section>
        <h2>{t("sweep.history")}</h2>
        <ul>
          {(list.data?.results ?? []).map((sweep) => (
            <li key={sweep.id}>
              {t("sweep.historyLine", {
                rulebook: localName(sweep.rulebook, language),
                number: sweep.version_number,
                rule: sweep.rule_id,
                parameter: label("param", sweep.parameter),
                start: formatDate(sweep.period_start, language),
                end: formatDate(sweep.period_end, language),
                status: label("jobStatus", sweep.status),
              })}{" "}
              <button type="button" className="button button--quiet" onClick={() => { setSelected(sweep.id); }}>
                {t("backtest.open")}
              </button>
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}

function SweepResult({ id }: { id: string }) {
  const { t } = useBacktestsT();
  const label = useCodeLabel();
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
        {t("sweep.curve")} — {job.rule_id} · {label("param", job.parameter)}
      </h2>
      <JobProgress status={job.status} progress={job.progress} detail={job.failure_detail} testId="sweep-progress" />
      {job.status === "done" && <SweepCurve sweep={job} />}
    </section>
  );
}

function SweepCurve({ sweep }: { sweep: Sweep }) {
  const { t, language } = useBacktestsT();
  const label = useCodeLabel();
  const [metric, setMetric] = useState<Metric>("breaches");
  const markers = useParameterMarkers(sweep.rule_id, sweep.parameter);
  const metricName = t(`sweep.${metric}` as BacktestsMessageKey);
  const parameterName = label("param", sweep.parameter);
  const data = sweep.results.map((point, index) => ({
    x: Number(point.value),
    y: metricValues(sweep, metric)[index] ?? 0,
  }));
  const formatY = (value: number) =>
    metric === "volume" ? formatMad(String(Math.round(value)), language, { cents: "auto" }) : formatNumber(value, language);
  const formatX = (value: number) => formatParameter(sweep.parameter, String(value), language);
  return (
    <>
      <div className="field field--inline">
        <label className="field__label" htmlFor="sweep-metric">{t("sweep.metric")}</label>
        <select id="sweep-metric" className="field__input" value={metric} onChange={(event) => { setMetric(event.target.value as Metric); }}>
          {METRICS.map((m) => (
            <option key={m} value={m}>{t(`sweep.${m}` as BacktestsMessageKey)}</option>
          ))}
        </select>
      </div>
      <ChartFrame
        testId="sweep-curve"
        label={t("sweep.chartLabel", { metric: metricName, parameter: parameterName })}
        table={{
          caption: t("sweep.chartLabel", { metric: metricName, parameter: parameterName }),
          columns: [
            { key: "x", label: parameterName },
            { key: "y", label: metricName },
          ],
          rows: data.map((point) => ({ x: formatX(point.x), y: formatY(point.y) })),
        }}
        legend={markers.map((marker) => (
          <span key={marker.kind} className={`chart__key chart__key--${marker.kind}`} data-testid={`sweep-marker-${marker.kind}`}>
            {t("sweep.marker", { rulebook: label("rulebookKind", marker.kind), value: formatX(marker.value) })}
          </span>
        ))}
      >
        <LineChart data={data} margin={{ top: 16, right: 24, bottom: 24, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="x"
            type="number"
            domain={["dataMin", "dataMax"]}
            tickFormatter={formatX}
            label={{ value: parameterName, position: "insideBottom", offset: -16 }}
          />
          <YAxis tickFormatter={formatY} width={88} allowDecimals={metric === "volume"} />
          <Tooltip labelFormatter={(value) => formatX(Number(value))} formatter={(value) => [formatY(Number(value)), metricName]} />
          {markers.map((marker) => (
            <ReferenceLine
              key={marker.kind}
              x={marker.value}
              stroke={marker.kind === "in_force" ? SERIES_COLOURS[1] : SERIES_COLOURS[2]}
              strokeDasharray="6 3"
              label={{ value: label("rulebookKind", marker.kind), position: "top", fontSize: 11 }}
              ifOverflow="extendDomain"
            />
          ))}
          <Line dataKey="y" name={metricName} stroke={SERIES_COLOURS[0]} strokeWidth={2} isAnimationActive={false} />
        </LineChart>
      </ChartFrame>
      <table className="screening-table" data-testid="sweep-table">
        <thead>
          <tr>
            <th className="screening-table__number">{parameterName}</th>
            <th className="screening-table__number">{t("sweep.breaches")}</th>
            <th className="screening-table__number">{t("sweep.participants")}</th>
            <th className="screening-table__number">{t("sweep.volume")}</th>
          </tr>
        </thead>
        <tbody>
          {sweep.results.map((point) => (
            <tr key={point.value}>
              <td className="screening-table__number">{formatParameter(sweep.parameter, point.value, language)}</td>
              <td className="screening-table__number">{formatNumber(point.breaches, language)}</td>
              <td className="screening-table__number">{formatNumber(point.participants, language)}</td>
              <td className="screening-table__number">{formatMad(point.volume_mad_blocked, language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <a href={sweepCsvUrl(sweep.id)} download data-testid="sweep-csv">
          {t("sweep.csv")}
        </a>
      </p>
    </>
  );
}
