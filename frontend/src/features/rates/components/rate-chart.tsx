import { useId } from "react";
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";

import { ChartFrame } from "@/components/charts/chart-frame";
import { SERIES_COLOURS } from "@/components/charts/colours";
import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { formatDate, formatDateRange, formatNumber, formatRateValue } from "@/lib/format";

import { useSeries } from "../api/rates";
import { dayTicks, mergeSeries } from "../lib/chart";
import { CHART_CURRENCIES } from "../lib/page";
import { useRatesT } from "../messages";

/** EUR/MAD and USD/MAD over [start, end], one point per publication day, on a time axis. */
export function RateChart({ start, end }: { start: string; end: string }) {
  const { t, language } = useRatesT();
  const titleId = useId();
  const results = useSeries(CHART_CURRENCIES, start, end, true);
  const failed = results.find((result) => result.isError);
  const period = formatDateRange(start, end, language);

  let body;
  if (failed !== undefined) {
    body = <Alert>{errorMessage(failed.error, t)}</Alert>;
  } else if (results.some((result) => result.isPending)) {
    body = (
      <p className="muted" role="status">
        {t("app.loading")}
      </p>
    );
  } else {
    const series = CHART_CURRENCIES.map((currency, index) => ({
      key: currency,
      points: (results[index]?.data?.points ?? []).map((point) => ({ date: point.date, value: point.mad_per_unit })),
    }));
    const chart = mergeSeries(series);
    const drawn = series.filter((line) => line.points.length > 0);
    body =
      drawn.length === 0 ? (
        <p className="muted" data-testid="rate-chart-empty">
          {t("rates.chart.empty")}
        </p>
      ) : (
        <ChartFrame
          testId="rate-chart"
          label={t("rates.chart.label", { period })}
          table={{
            caption: t("rates.chart.label", { period }),
            columns: [
              { key: "date", label: t("rates.table.rateDate") },
              ...drawn.map((line) => ({ key: line.key, label: t("rates.chart.axis", { currency: line.key }) })),
            ],
            rows: chart.map((row) => ({
              date: formatDate(row.date, language),
              ...Object.fromEntries(drawn.map((line) => [line.key, row.raw[line.key] === undefined ? "—" : formatRateValue(row.raw[line.key] ?? "", language)])),
            })),
          }}
          legend={drawn.map((line) => (
            <span key={line.key} className="chart__key">
              {t("rates.chart.legend", { currency: line.key, count: line.points.length })}
            </span>
          ))}
        >
          <LineChart data={chart} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="day"
              type="number"
              domain={["dataMin", "dataMax"]}
              ticks={dayTicks(chart)}
              tickFormatter={(day: number) => formatDate(dayToIso(day), language)}
              minTickGap={24}
            />
            <YAxis
              domain={["auto", "auto"]}
              // A no-break space: the axis would otherwise wrap "10,5 MAD" over two lines.
              tickFormatter={(value: number) => `${formatNumber(value, language)}\u00a0MAD`}
              width={76}
            />
            <Tooltip
              labelFormatter={(day) => formatDate(dayToIso(Number(day)), language)}
              formatter={(value, name) => [`${formatNumber(Number(value), language, 4)} MAD`, t("rates.chart.axis", { currency: String(name) })]}
            />
            <Legend />
            {drawn.map((line, index) => (
              <Line
                key={line.key}
                dataKey={line.key}
                name={line.key}
                stroke={SERIES_COLOURS[index]}
                dot={{ r: 2 }}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ChartFrame>
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

function dayToIso(day: number): string {
  return new Date(day * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}
