import { useId } from "react";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { useI18n } from "@/lib/i18n";

import { useSeries } from "../api/rates";
import { buildChart, type ChartBox } from "../lib/chart";
import { formatDate, formatDateRange, localeOf } from "../lib/dates";
import { formatDecimal } from "../lib/format";
import { CHART_CURRENCIES } from "../lib/page";

const BOX: ChartBox = { width: 640, height: 260, top: 16, right: 16, bottom: 32, left: 56 };
const DOT_RADIUS = 3;

/** EUR/MAD and USD/MAD over [start, end], one point per Bank Al-Maghrib publication day. */
export function RateChart({ start, end }: { start: string; end: string }) {
  const { t, language } = useI18n();
  const titleId = useId();
  const results = useSeries(CHART_CURRENCIES, start, end, true);
  const failed = results.find((result) => result.isError);
  const period = formatDateRange(start, end, language);

  let body;
  if (failed !== undefined) {
    body = <Alert>{errorMessage(failed.error, t)}</Alert>;
  } else if (results.some((result) => result.isPending)) {
    body = <p className="muted">{t("app.loading")}</p>;
  } else {
    const series = CHART_CURRENCIES.map((currency, index) => ({
      key: currency,
      points: (results[index]?.data?.points ?? []).map((point) => ({
        date: point.date,
        value: Number(point.mad_per_unit),
      })),
    }));
    const chart = buildChart(series, BOX);
    const number = new Intl.NumberFormat(localeOf(language), { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    body =
      chart.lines.length === 0 ? (
        <p className="muted" data-testid="rate-chart-empty">
          {t("rates.chart.empty")}
        </p>
      ) : (
        <figure className="rate-chart" data-testid="rate-chart">
          <svg
            viewBox={`0 0 ${BOX.width} ${BOX.height}`}
            role="img"
            aria-label={t("rates.chart.label", { period })}
          >
            {chart.yTicks.map((tick) => (
              <g key={tick.y} className="rate-chart__grid">
                <line x1={BOX.left} x2={BOX.width - BOX.right} y1={tick.y} y2={tick.y} />
                <text x={BOX.left - 6} y={tick.y} textAnchor="end" dominantBaseline="middle">
                  {number.format(tick.value)}
                </text>
              </g>
            ))}
            {chart.xTicks.map((tick) => (
              <text key={tick.date} className="rate-chart__date" x={tick.x} y={BOX.height - 8} textAnchor="middle">
                {formatDate(tick.date, language)}
              </text>
            ))}
            {chart.lines.map((line) => (
              <g key={line.key} className={`rate-chart__line rate-chart__line--${line.key.toLowerCase()}`}>
                <path d={line.path} fill="none" />
                {line.dots.map((dot) => (
                  <circle key={dot.date} cx={dot.x} cy={dot.y} r={DOT_RADIUS}>
                    <title>
                      {t("rates.chart.point", {
                        currency: line.key,
                        date: formatDate(dot.date, language),
                        value: formatDecimal(String(dot.value), language),
                      })}
                    </title>
                  </circle>
                ))}
              </g>
            ))}
          </svg>
          <figcaption className="rate-chart__legend">
            {chart.lines.map((line) => (
              <span key={line.key} className={`rate-chart__key rate-chart__key--${line.key.toLowerCase()}`}>
                {t("rates.chart.legend", { currency: line.key, count: line.dots.length })}
              </span>
            ))}
          </figcaption>
        </figure>
      );
  }

  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId} className="panel__title">
        {t("rates.chart.title", { period })}
      </h2>
      {body}
    </section>
  );
}
