import { useId } from "react";

import { useI18n, type Language } from "@/lib/i18n";

import { layoutBars, type BarBox } from "../lib/bars";
import { formatCount, formatMad, type SeriesPoint } from "../lib/measures";

const BOX: BarBox = { width: 640, height: 240, top: 12, right: 12, bottom: 56, left: 88 };
// A suppressed slot is drawn as a short hatched stub, tall enough to see and to hover.
const SUPPRESSED_STUB = 14;
const LABEL_MAX = 14;

function short(label: string): string {
  return label.length > LABEL_MAX ? `${label.slice(0, LABEL_MAX - 1)}…` : label;
}

/** What the bars measure: MAD amounts (decimal strings) or counts (whole numbers). */
export type BarUnit = "mad" | "count";

function formatValue(value: string, unit: BarUnit, language: Language): string {
  return (unit === "mad" ? formatMad(value, language) : formatCount(Number(value), language)) ?? value;
}

interface BarChartProps {
  title: string;
  points: readonly SeriesPoint[];
  testId: string;
  labelOf?: (label: string) => string;
  unit?: BarUnit;
}

/** One value per label (MAD by default); suppressed cells are a marked gap, explained on hover. */
export function BarChart({ title, points, testId, labelOf = (label) => label, unit = "mad" }: BarChartProps) {
  const { t, language } = useI18n();
  const titleId = useId();
  const layout = layoutBars(points, BOX, { integers: unit === "count" });
  return (
    <figure className="evidence-chart" data-testid={testId} aria-labelledby={titleId}>
      <figcaption id={titleId} className="evidence-chart__title">
        {title}
      </figcaption>
      {points.length === 0 ? (
        <p className="muted">{t("evidence.chart.empty")}</p>
      ) : (
        <svg viewBox={`0 0 ${BOX.width} ${BOX.height}`} role="img" aria-label={title}>
          {layout.ticks.map((tick) => (
            <g key={tick.y} className="evidence-chart__grid">
              <line x1={BOX.left} x2={BOX.width - BOX.right} y1={tick.y} y2={tick.y} />
              <text x={BOX.left - 6} y={tick.y} textAnchor="end" dominantBaseline="middle">
                {formatValue(tick.value.toFixed(0), unit, language)}
              </text>
            </g>
          ))}
          {layout.bars.map((bar, index) => {
            const point = points[index];
            const label = labelOf(bar.label);
            return (
              <g key={bar.label}>
                {bar.suppressed ? (
                  <rect
                    className="evidence-chart__suppressed"
                    data-testid="bar-suppressed"
                    x={bar.x}
                    y={layout.baseline - SUPPRESSED_STUB}
                    width={bar.width}
                    height={SUPPRESSED_STUB}
                  >
                    <title>{t("evidence.chart.suppressedPoint", { label })}</title>
                  </rect>
                ) : (
                  <rect className="evidence-chart__bar" x={bar.x} y={bar.y} width={bar.width} height={bar.height}>
                    <title>{`${label} : ${point?.exact == null ? "" : formatValue(point.exact, unit, language)}`}</title>
                  </rect>
                )}
                <text
                  className="evidence-chart__label"
                  x={bar.x + bar.width / 2}
                  y={layout.baseline + 14}
                  textAnchor="middle"
                >
                  {short(label)}
                </text>
              </g>
            );
          })}
        </svg>
      )}
      {points.some((point) => point.suppressed) && (
        <p className="evidence-chart__note">{t("evidence.chart.suppressedNote")}</p>
      )}
    </figure>
  );
}
