import { useState } from "react";

import { Alert } from "@/components/ui/alert";
import { useSignedInUser } from "@/features/auth";
import { errorMessage } from "@/lib/error-message";
import { useDocumentTitle, useI18n } from "@/lib/i18n";

import { useMeasures } from "../api/evidence";
import type { Measures } from "../api/types";
import { activeFilters, defaultFilters, periodQuery, toQuery, type EvidenceFilters } from "../lib/filters";
import { useEvidenceT } from "../lib/i18n";
import { pairSeries, suppressedCount } from "../lib/measures";
import { AllowanceUsage } from "./allowance-usage";
import { BarChart } from "./bar-chart";
import { BreakdownTable } from "./breakdown-table";
import { Conversions } from "./conversions";
import { DisclosureNote } from "./disclosure-note";
import { ExportsPanel } from "./exports-panel";
import { FiltersForm } from "./filters-form";
import { Headline } from "./headline";
import { clusterName, countryName, monthName } from "./labels";
import { PacksList } from "./packs-list";
import { ParticipantsTable } from "./participants-table";
import { ReviewOutcomes } from "./review-outcomes";
import "../evidence.css";

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * The impact dashboard (issue 7, item 5): advocates see disclosure-controlled aggregates,
 * regulators the exact figures and the participant drill-down.
 */
export function EvidencePage() {
  const { t } = useI18n();
  useDocumentTitle("areas.evidence");
  const { role } = useSignedInUser();
  const [filters, setFilters] = useState<EvidenceFilters>(() => defaultFilters(today()));
  // Bumped on reset so the form drops its draft and shows the defaults again.
  const [formKey, setFormKey] = useState(0);
  const query = toQuery(filters);
  const measures = useMeasures(query);
  const options = useMeasures(periodQuery(filters));

  return (
    <article className="evidence">
      <h1 data-testid="evidence-title">{t("areas.evidence")}</h1>
      <p className="muted">{t("evidence.intro")}</p>
      <FiltersForm
        key={formKey}
        initial={filters}
        options={options.data}
        onApply={setFilters}
        onReset={() => {
          setFilters(defaultFilters(today()));
          setFormKey((key) => key + 1);
        }}
      />
      <FiltersLine filters={filters} />
      {measures.isPending && <p className="muted">{t("app.loading")}</p>}
      {measures.isError && <Alert>{errorMessage(measures.error, t)}</Alert>}
      {measures.data !== undefined && (
        <div className="evidence" aria-busy={measures.isFetching} data-testid="evidence-results">
          <DisclosureNote disclosure={measures.data.disclosure} suppressed={suppressedCount(measures.data.tables)} />
          <Headline measures={measures.data} />
          <Charts measures={measures.data} />
          <AllowanceUsage measures={measures.data} />
          <ReviewOutcomes measures={measures.data} />
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

function FiltersLine({ filters }: { filters: EvidenceFilters }) {
  const { t } = useI18n();
  const active = activeFilters(filters);
  return (
    <p className="evidence-scope" data-testid="evidence-scope">
      {t("evidence.scope.period", { from: filters.date_from, to: filters.date_to })}
      {active.length > 0 &&
        ` · ${active.map(([field, value]) => `${t(`evidence.filters.${field}`)} : ${value}`).join(" · ")}`}
    </p>
  );
}

function Charts({ measures }: { measures: Measures }) {
  const { t, language } = useI18n();
  return (
    <section className="panel" aria-labelledby="evidence-charts-title">
      <h2 id="evidence-charts-title" className="panel__title">
        {t("evidence.charts.title")}
      </h2>
      <div className="evidence-charts">
        <BarChart
          testId="chart-monthly"
          title={t("evidence.charts.monthly")}
          points={pairSeries(measures.tables.monthly ?? [], "month")}
          labelOf={(month) => monthName(month, language)}
        />
        <BarChart
          testId="chart-category"
          title={t("evidence.charts.category")}
          points={pairSeries(measures.tables.by_category ?? [], "category")}
        />
        <BarChart
          testId="chart-cluster"
          title={t("evidence.charts.cluster")}
          points={pairSeries(measures.tables.by_cluster ?? [], "cluster")}
          labelOf={(code) => clusterName(code, language)}
        />
      </div>
    </section>
  );
}

/** Every breakdown the server computes, as tables: the same component for each dimension. */
function Breakdowns({ measures }: { measures: Measures }) {
  const { t } = useI18n();
  const { e, language } = useEvidenceT();
  const { tables } = measures;
  return (
    <section className="panel" aria-labelledby="evidence-breakdowns-title" data-testid="breakdowns">
      <h2 id="evidence-breakdowns-title" className="panel__title">
        {e("breakdowns.title")}
      </h2>
      <p className="muted">{e("breakdowns.note")}</p>
      <BreakdownTable
        testId="breakdown-country"
        title={e("breakdowns.country")}
        dimension="country"
        dimensionLabel={t("evidence.filters.country")}
        rows={tables.by_country ?? []}
        labelOf={(code) => countryName(code, language)}
      />
      <BreakdownTable
        testId="breakdown-category"
        title={e("breakdowns.category")}
        dimension="category"
        dimensionLabel={t("evidence.filters.category")}
        rows={tables.by_category ?? []}
      />
      <BreakdownTable
        testId="breakdown-cluster"
        title={e("breakdowns.cluster")}
        dimension="cluster"
        dimensionLabel={t("evidence.filters.cluster")}
        rows={tables.by_cluster ?? []}
        labelOf={(code) => clusterName(code, language)}
      />
    </section>
  );
}
