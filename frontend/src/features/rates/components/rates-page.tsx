import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { useDocumentTitle } from "@/lib/i18n";

import { useCoverage, type Coverage } from "../api/rates";
import { toIsoDate } from "../lib/dates";
import { defaultPeriod } from "../lib/page";
import { ProviderBadges } from "./provider-badges";
import { PublicationCalendar } from "./publication-calendar";
import { QuarantineList } from "./quarantine-list";
import { RateChart } from "./rate-chart";
import { RateFileImport } from "./rate-file-import";
import { RatesTable } from "./rates-table";
import { SampleNote } from "./sample-note";
import "../rates.css";
import { useRatesT } from "../messages";

/** The regulators' Rates page (issue 4, items 6 and 7). */
export function RatesPage() {
  const { t } = useRatesT();
  useDocumentTitle("areas.rates");
  const coverage = useCoverage();

  return (
    <article className="rates">
      <h1 data-testid="rates-title">{t("areas.rates")}</h1>
      <p className="muted" data-testid="rates-intro">
        {t("rates.intro")}
      </p>
      {coverage.isPending && <p className="muted">{t("app.loading")}</p>}
      {coverage.isError && <Alert>{errorMessage(coverage.error, t)}</Alert>}
      {coverage.isSuccess && <RatesBody coverage={coverage.data} />}
    </article>
  );
}

function RatesBody({ coverage }: { coverage: Coverage }) {
  const period = defaultPeriod(coverage, toIsoDate(new Date()));
  return (
    <>
      <SampleNote coverage={coverage} />
      <ProviderBadges />
      {/* Keyed on the date so a newly imported later publication becomes the table's date. */}
      <RatesTable key={period.date} initialDate={period.date} />
      <RateChart start={period.start} end={period.end} />
      <PublicationCalendar initialMonth={period.date.slice(0, 7)} />
      <RateFileImport />
      <QuarantineList />
    </>
  );
}
