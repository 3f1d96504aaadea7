import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";

import { compactAxisFormatter, valueAxisTicks } from "@/components/charts/axis-ticks";
import { ChartFrame } from "@/components/charts/chart-frame";
import { type Language } from "@/lib/i18n";

import { formatCount, formatMad, type SeriesPoint } from "../lib/measures";
import { useEvidenceT } from "../messages";

/** What the bars measure: MAD amounts (decimal strings) or counts (whole numbers). */
export type BarUnit = "mad" | "count";

/** One series of bars (the law-backed part, the illustrative part, or a count). */
export interface BarSeries {
  key: string;
  name: string;
  /** A short name for the line listing its suppressed cells ("Law-backed"). */
  shortName: string;
  colour: string;
  /** One point per label, in the labels' order. */
  points: readonly SeriesPoint[];
}

interface BarChartProps {
  title: string;
  testId: string;
  /** The codes of the bars' labels, in order, and their names for people. */
  labels: readonly string[];
  labelOf: (label: string) => string;
  /** A shorter name for the axis ticks (months without their year); `labelOf` by default. */
  tickOf?: (label: string) => string;
  series: readonly BarSeries[];
  unit: BarUnit;
  /** `columns`: labels along the bottom (months); `rows`: one row per label (long names). */
  layout: "columns" | "rows";
  /** What the labels are ("Month of the value date"), written under or beside them. */
  labelAxis: string;
  /** Disclosure threshold for the suppressed note (null: exact figures, nothing suppressed). */
  threshold: number | null;
  /** What to widen when the chart is empty or fully suppressed. */
  widen: string;
  /** Why the chart is empty when nothing was suppressed (default: no declaration of this kind). */
  emptyText?: string;
}

// Text of the axes: readable on a phone, small enough for twelve months to fit.
const TICK_FONT_PX = 12;
const AXIS_TEXT = "#3d434b";
const ROW_HEIGHT_PX = 44;
const COLUMNS_HEIGHT_PX = 300;
// A row label longer than this is cut on the axis (the tooltip and the table give it whole).
const ROW_LABEL_CHARS = 48;
const ROW_LABEL_WIDTH_PX = 160;

function cut(label: string): string {
  return label.length > ROW_LABEL_CHARS ? `${label.slice(0, ROW_LABEL_CHARS - 1)}…` : label;
}

/** A point's value in words: the exact MAD amount or count, or "suppressed". */
function valueText(point: SeriesPoint | undefined, unit: BarUnit, language: Language, hidden: string): string {
  if (point === undefined || point.exact === null || point.suppressed) {
    return hidden;
  }
  return (unit === "mad" ? formatMad(point.exact, language) : formatCount(Number(point.exact), language)) ?? hidden;
}

/**
 * Bars drawn by recharts: axes with ticks and a title, the unit on the value axis (from zero, never
 * below), a tooltip with the exact figures, a legend naming each series, and the values as a table
 * for screen readers. A suppressed cell draws no bar and is named under the chart; a chart with
 * nothing to draw says why and which filter to widen instead of showing empty axes.
 */
export function EvidenceBarChart({
  title,
  testId,
  labels,
  labelOf,
  tickOf = labelOf,
  series,
  unit,
  layout,
  labelAxis,
  threshold,
  widen,
  emptyText,
}: BarChartProps) {
  const { t, language } = useEvidenceT();
  const hidden = t("evidence.chart.suppressedPoint");
  const valueAxis = unit === "mad" ? t("evidence.chart.axis.mad") : t("evidence.chart.axis.cases");
  const points = series.flatMap((one) => one.points);
  const drawn = points.some((p) => !p.suppressed && p.value !== null && p.value > 0);
  // Per series, the labels whose cell is hidden: named under the chart, since no bar is drawn.
  const suppressed = series.map((one) => ({
    series: one,
    labels: labels.filter((label) => one.points.find((p) => p.label === label)?.suppressed === true),
  }));
  const anyHidden = suppressed.some((entry) => entry.labels.length > 0);

  if (!drawn) {
    return (
      <figure className="evidence-chart" data-testid={testId}>
        <figcaption className="evidence-chart__title">{title}</figcaption>
        <p className="evidence-chart__empty" data-testid="chart-empty">
          {anyHidden ? t("evidence.chart.allSuppressed", { k: threshold ?? 0 }) : (emptyText ?? t("evidence.chart.empty"))} {widen}
        </p>
      </figure>
    );
  }

  const data = labels.map((label) => {
    const row: Record<string, string | number | null> = { label, name: labelOf(label) };
    for (const one of series) {
      const found = one.points.find((p) => p.label === label);
      row[one.key] = found === undefined || found.suppressed ? null : found.value;
    }
    return row;
  });
  const tick = { fontSize: TICK_FONT_PX, fill: AXIS_TEXT };
  const axisLabel = { fontSize: TICK_FONT_PX, fill: AXIS_TEXT, fontWeight: 600 };
  // Round steps from zero, every tick in the same unit and with the same decimals.
  const ticks = valueAxisTicks(Math.max(0, ...points.map((p) => (p.suppressed ? 0 : (p.value ?? 0)))), false);
  const compactTick = compactAxisFormatter(ticks, language);
  const formatTick = (value: number) => (unit === "mad" ? compactTick(value) : formatCount(value, language) ?? "");
  const valueProps = {
    type: "number" as const,
    domain: [0, ticks[ticks.length - 1]] as [number, number],
    ticks,
    niceTicks: "snap125" as const,
    allowDecimals: false,
    tickFormatter: formatTick,
    tick,
  };
  const labelProps = {
    type: "category" as const,
    dataKey: "name",
    tick,
    interval: 0 as const,
    tickFormatter: (name: string) => tickOf(data.find((row) => row.name === name)?.label as string),
  };
  const height = layout === "rows" ? Math.max(160, labels.length * ROW_HEIGHT_PX + 64) : COLUMNS_HEIGHT_PX;

  return (
    <div className="evidence-chart" data-testid={testId}>
      <p className="evidence-chart__title" aria-hidden="true">
        {title}
      </p>
      <ChartFrame
        label={title}
        height={height}
        table={{
          caption: title,
          columns: [
            { key: "label", label: labelAxis },
            ...series.map((one) => ({ key: one.key, label: `${one.name} (${valueAxis})` })),
          ],
          rows: labels.map((label) => ({
            label: labelOf(label),
            ...Object.fromEntries(
              series.map((one) => [one.key, valueText(one.points.find((p) => p.label === label), unit, language, hidden)]),
            ),
          })),
        }}
        legend={
          <>
            {series.length > 1 &&
              series.map((one) => (
                <span key={one.key} className="evidence-chart__key" data-testid={`legend-${one.key}`}>
                  <span className="evidence-chart__swatch" style={{ background: one.colour }} aria-hidden="true" />
                  {one.name}
                </span>
              ))}
            {suppressed
              .filter((entry) => entry.labels.length > 0)
              .map((entry) => (
                <span key={entry.series.key} className="evidence-chart__note" data-testid={`chart-suppressed-${entry.series.key}`}>
                  {t(threshold === null ? "evidence.chart.suppressedListExact" : "evidence.chart.suppressedList", {
                    series: entry.series.shortName,
                    k: threshold ?? 0,
                    labels: entry.labels.map(labelOf).join(", "),
                  })}
                </span>
              ))}
          </>
        }
      >
        {layout === "columns" ? (
          <BarChart data={data} margin={{ top: 8, right: 12, bottom: 28, left: 12 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis {...labelProps} interval="preserveStartEnd" minTickGap={6} label={{ value: labelAxis, position: "insideBottom", offset: -20, ...axisLabel }} />
            <YAxis
              {...valueProps}
              width={64}
              label={{ value: valueAxis, angle: -90, position: "insideLeft", offset: 0, ...axisLabel }}
            />
            <Tooltip formatter={(_value, _name, item) => tooltipLine(item, series, unit, language, hidden)} />
            {series.map((one) => (
              <Bar key={one.key} dataKey={one.key} name={one.name} fill={one.colour} isAnimationActive={false} />
            ))}
          </BarChart>
        ) : (
          <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 28, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis {...valueProps} label={{ value: valueAxis, position: "insideBottom", offset: -20, ...axisLabel }} />
            <YAxis {...labelProps} width={ROW_LABEL_WIDTH_PX} tickFormatter={(name: string) => cut(name)} />
            <Tooltip formatter={(_value, _name, item) => tooltipLine(item, series, unit, language, hidden)} />
            {series.map((one) => (
              <Bar key={one.key} dataKey={one.key} name={one.name} fill={one.colour} isAnimationActive={false} />
            ))}
          </BarChart>
        )}
      </ChartFrame>
    </div>
  );
}

/** The tooltip's line for a bar: the exact figure the API sent, not the drawn number. */
function tooltipLine(
  item: { dataKey?: unknown; payload?: unknown },
  series: readonly BarSeries[],
  unit: BarUnit,
  language: Language,
  hidden: string,
): [string, string] {
  const one = series.find((s) => s.key === item.dataKey);
  const label = (item.payload as { label?: string } | undefined)?.label;
  const found = one?.points.find((p) => p.label === label);
  return [valueText(found, unit, language, hidden), one?.name ?? ""];
}
