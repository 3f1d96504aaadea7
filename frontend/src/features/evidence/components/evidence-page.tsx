import { useState } from "react";

import { SERIES_COLOURS } from "@/components/charts/colours";
import { Alert } from "@/components/ui/alert";
import { useSignedInUser } from "@/features/auth";
import { errorMessage } from "@/lib/error-message";
import { formatDate, todayIso, useFormat } from "@/lib/format";
import { useDocumentTitle } from "@/lib/i18n";

import { useCohortChoices, useMeasures } from "../api/evidence";
import type { Measures } from "../api/types";
import {
  activeFilters,
  defaultFilters,
  periodQuery,
  toQuery,
  type EvidenceFilters,
  type FilterField,
  type Filtering,
} from "../lib/filters";
import { basisSeries, suppressedCount } from "../lib/measures";
import { useEvidenceT } from "../messages";
import { AllowanceUsage } from "./allowance-usage";
import { EvidenceBarChart } from "./bar-chart";
import { BreakdownTable } from "./breakdown-table";
import { Conversions } from "./conversions";
import { DisclosureNote } from "./disclosure-note";
import { ExportsPanel } from "./exports-panel";
import { FiltersForm } from "./filters-form";
import { Headline } from "./headline";
import { filterLabelKey, monthShort, useEvidenceLabels } from "./labels";
import { PacksList } from "./packs-list";
import { ParticipantsTable } from "./participants-table";
import { ReviewOutcomes } from "./review-outcomes";
import "../evidence.css";

// The law-backed part in the first colour, the illustrative part in a clearly different one.
const LAW_COLOUR = SERIES_COLOURS[0];
const ILLUSTRATIVE_COLOUR = SERIES_COLOURS[4];

/**
 * The impact dashboard (issue 7, item 5): advocates see disclosure-controlled aggregates,
 * regulators the exact figures and the participant drill-down.
 */
export function EvidencePage() {
  const { t } = useEvidenceT();
  useDocumentTitle("areas.evidence");
  const { role } = useSignedInUser();
  const today = todayIso();
  const [filters, setFilters] = useState<EvidenceFilters>(() => defaultFilters(today));
  // Bumped on reset so the form drops its draft and shows the defaults again.
  const [formKey, setFormKey] = useState(0);
  const query = toQuery(filters);
  const measures = useMeasures(query);
  const options = useMeasures(periodQuery(filters));
  const filtering = options.data?.filtering ?? measures.data?.filtering;
  const widen = useWidenHint(filters, filtering);

  return (
    <article className="evidence">
      <h1 data-testid="evidence-title">{t("areas.evidence")}</h1>
      <p className="muted">{t("evidence.intro")}</p>
      <FiltersForm
        key={`${formKey}-${filtering === undefined ? "" : "ready"}`}
        initial={filters}
        today={today}
        filtering={filtering}
        options={options.data}
        onApply={setFilters}
        onReset={() => {
          setFilters(defaultFilters(today));
          setFormKey((key) => key + 1);
        }}
      />
      <FiltersLine filters={filters} cohortNames={role === "regulator"} />
      {measures.isPending && (
        <p className="state" role="status" data-testid="evidence-loading">
          <span className="spinner spinner--small" aria-hidden="true" /> {t("evidence.loading")}
        </p>
      )}
      {measures.isError && <Alert>{errorMessage(measures.error, t)}</Alert>}
      {measures.data !== undefined && (
        <div className="evidence" aria-busy={measures.isFetching} data-testid="evidence-results">
          <AsOf measures={measures.data} />
          <DisclosureNote disclosure={measures.data.disclosure} suppressed={suppressedCount(measures.data.tables)} />
          <Headline measures={measures.data} />
          <Charts measures={measures.data} widen={widen} />
          <AllowanceUsage measures={measures.data} />
          <ReviewOutcomes measures={measures.data} widen={widen} />
          <Breakdowns measures={measures.data} />
          <Conversions measures={measures.data} />
        </div>
      )}
      <ExportsPanel source={{ filters: query }} />
      {role === "regulator" && <ParticipantsTable query={query} />}
      <PacksList />
    </article>
  );
}

/** What to widen when a chart has nothing to show: the filter in force, else the year or period. */
function useWidenHint(filters: EvidenceFilters, filtering: Filtering | undefined): string {
  const { t } = useEvidenceT();
  const active = activeFilters(filters);
  if (active.length > 0) {
    return t("evidence.chart.widen.filter", {
      filter: active.map(([field]) => t(filterLabelKey(field))).join(", "),
    });
  }
  return filtering?.whole_years === true ? t("evidence.chart.widen.year") : t("evidence.chart.widen.period");
}

/** The period and the filters in force, every value in words. */
function FiltersLine({ filters, cohortNames }: { filters: EvidenceFilters; cohortNames: boolean }) {
  const { t, language } = useEvidenceT();
  const labels = useEvidenceLabels();
  const cohorts = useCohortChoices(cohortNames && filters.cohort !== "");
  const valueOf = (field: FilterField, value: string) =>
    field === "cohort" ? (cohorts.data?.results.find((cohort) => cohort.id === value)?.name ?? "…") : labels.value(field, value);
  const active = activeFilters(filters);
  return (
    <p className="evidence-scope" data-testid="evidence-scope">
      {t("evidence.scope.period", { from: formatDate(filters.date_from, language), to: formatDate(filters.date_to, language) })}
      {active.map(([field, value]) => (
        <span key={field}>
          {" · "}
          {t("evidence.scope.filter", { filter: t(filterLabelKey(field)), value: valueOf(field, value) })}
        </span>
      ))}
    </p>
  );
}

function Charts({ measures, widen }: { measures: Measures; widen: string }) {
  const { t, language } = useEvidenceT();
  const labels = useEvidenceLabels();
  const threshold = measures.disclosure?.min_participants ?? null;
  const chart = (
    testId: string,
    title: string,
    table: "monthly" | "by_category" | "by_cluster",
    dimension: "month" | "category" | "cluster",
    layout: "columns" | "rows",
    labelAxis: string,
  ) => {
    const rows = measures.tables[table];
    if (rows === undefined) {
      // The population is filtered on this dimension: its chart would be one bar.
      return null;
    }
    const points = basisSeries(rows, dimension);
    return (
      <EvidenceBarChart
        testId={testId}
        title={title}
        labels={points.map((p) => p.label)}
        labelOf={(label) => labels.value(dimension, label)}
        tickOf={dimension === "month" ? (label) => monthShort(label, language) : undefined}
        series={[
          {
            key: "law",
            name: t("evidence.basis.lawLong"),
            shortName: t("evidence.basis.law"),
            colour: LAW_COLOUR,
            points: points.map((p) => p.law),
          },
          {
            key: "illustrative",
            name: t("evidence.basis.illustrativeLong"),
            shortName: t("evidence.basis.illustrative"),
            colour: ILLUSTRATIVE_COLOUR,
            points: points.map((p) => p.illustrative),
          },
        ]}
        unit="mad"
        layout={layout}
        labelAxis={labelAxis}
        threshold={threshold}
        widen={widen}
      />
    );
  };
  return (
    <section className="panel" aria-labelledby="evidence-charts-title">
      <h2 id="evidence-charts-title" className="panel__title">
        {t("evidence.charts.title")}
      </h2>
      <p className="muted">{t("evidence.charts.note")}</p>
      <div className="evidence-charts">
        {chart("chart-monthly", t("evidence.charts.monthly"), "monthly", "month", "columns", t("evidence.chart.axis.month"))}
        {chart("chart-category", t("evidence.charts.category"), "by_category", "category", "rows", t("evidence.filters.category"))}
        {chart("chart-cluster", t("evidence.charts.cluster"), "by_cluster", "cluster", "rows", t("evidence.filters.cluster"))}
      </div>
    </section>
  );
}

/** Every breakdown the server computes, as tables: the same component for each dimension. */
function Breakdowns({ measures }: { measures: Measures }) {
  const { t } = useEvidenceT();
  const labels = useEvidenceLabels();
  const { tables } = measures;
  return (
    <section className="panel" aria-labelledby="evidence-breakdowns-title" data-testid="breakdowns">
      <h2 id="evidence-breakdowns-title" className="panel__title">
        {t("evidence.breakdowns.title")}
      </h2>
      <p className="muted">{t("evidence.breakdowns.note")}</p>
      {(["category", "cluster", "country"] as const).map((dimension) => (
        <BreakdownTable
          key={dimension}
          testId={`breakdown-${dimension}`}
          title={t(`evidence.breakdowns.${dimension}`)}
          dimension={dimension}
          dimensionLabel={t(filterLabelKey(dimension))}
          rows={tables[`by_${dimension}`]}
          labelOf={(code) => labels.value(dimension, code)}
        />
      ))}
    </section>
  );
}

/** When the figures were counted, and whether later changes are still being counted. */
function AsOf({ measures }: { measures: Measures }) {
  const { t } = useEvidenceT();
  const format = useFormat();
  const time = format.dateTime(measures.figures_as_of);
  return (
    <p className={measures.up_to_date ? "muted" : "state"} role="status" data-testid="evidence-as-of">
      {t(measures.up_to_date ? "evidence.asOf.current" : "evidence.asOf.behind", { time })}
    </p>
  );
}
