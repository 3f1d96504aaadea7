import { SERIES_COLOURS } from "@/components/charts/colours";
import { TableScroll } from "@/components/ui/table-scroll";
import { useCodeLabel } from "@/lib/i18n";

import { TOTAL, type Measures } from "../api/types";
import { formatCount, formatMean, outcomeSeries, reviewOutcomes, type OutcomeFigures } from "../lib/measures";
import { useEvidenceT } from "../messages";
import { EvidenceBarChart } from "./bar-chart";
import { Suppressed } from "./headline";

/** An outcome's name in words (the margin as "all decided cases"). */
function useOutcomeName(): (outcome: string) => string {
  const { t } = useEvidenceT();
  const label = useCodeLabel();
  return (outcome) => (outcome === TOTAL ? t("evidence.reviews.total") : label("caseOutcome", outcome));
}

/** Regulators' decisions on flagged declarations, and what reaching them cost the startups. */
export function ReviewOutcomes({ measures, widen }: { measures: Measures; widen: string }) {
  const { t } = useEvidenceT();
  const outcomeName = useOutcomeName();
  const { outcomes, total } = reviewOutcomes(measures.tables.reviews ?? []);
  const points = outcomeSeries(outcomes);
  return (
    <section className="panel" aria-labelledby="evidence-reviews-title" data-testid="review-outcomes">
      <h2 id="evidence-reviews-title" className="panel__title">
        {t("evidence.reviews.title")}
      </h2>
      <p className="muted" data-testid="review-outcomes-note">
        {t("evidence.reviews.note")}
      </p>
      {total === null || total.cases === 0 ? (
        <p className="muted">{t("evidence.reviews.empty")}</p>
      ) : (
        <div className="evidence-reviews">
          <EvidenceBarChart
            testId="chart-outcomes"
            title={t("evidence.reviews.chart")}
            labels={points.map((p) => p.label)}
            labelOf={outcomeName}
            series={[
              {
                key: "cases",
                name: t("evidence.reviews.cases"),
                shortName: t("evidence.reviews.cases"),
                colour: SERIES_COLOURS[0],
                points,
              },
            ]}
            unit="count"
            layout="rows"
            labelAxis={t("evidence.reviews.outcome")}
            threshold={measures.disclosure?.min_participants ?? null}
            widen={widen}
          />
          <TableScroll label={t("evidence.table.scroll", { title: t("evidence.reviews.title") })}>
            <table className="evidence-table" aria-labelledby="evidence-reviews-title">
              <thead>
                <tr>
                  <th scope="col">{t("evidence.reviews.outcome")}</th>
                  <th scope="col" className="evidence-table__number">
                    {t("evidence.reviews.cases")}
                  </th>
                  <th scope="col" className="evidence-table__number">
                    {t("evidence.reviews.participants")}
                  </th>
                  <th scope="col" className="evidence-table__number">
                    {t("evidence.reviews.meanDays")}
                  </th>
                  <th scope="col" className="evidence-table__number">
                    {t("evidence.reviews.documents")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...outcomes, total].map((figures) => (
                  <OutcomeRow key={figures.outcome} figures={figures} name={outcomeName(figures.outcome)} />
                ))}
              </tbody>
            </table>
          </TableScroll>
        </div>
      )}
    </section>
  );
}

function OutcomeRow({ figures, name }: { figures: OutcomeFigures; name: string }) {
  const { t, language } = useEvidenceT();
  const hidden = <Suppressed text={t("evidence.suppressed")} />;
  const total = figures.outcome === TOTAL;
  // A mean over no case is no number at all, not zero days.
  const mean = figures.suppressed ? hidden : (formatMean(figures.meanDays, language) ?? "—");
  return (
    <tr className={total ? "evidence-breakdown__total" : undefined} data-testid={`outcome-${figures.outcome}`}>
      <th scope="row">{name}</th>
      <td className="evidence-table__number" data-testid="outcome-cases">
        {formatCount(figures.cases, language) ?? hidden}
      </td>
      <td className="evidence-table__number" data-testid="outcome-participants">
        {formatCount(figures.participants, language) ?? hidden}
      </td>
      <td className="evidence-table__number" data-testid="outcome-days">
        {mean}
      </td>
      <td className="evidence-table__number" data-testid="outcome-documents">
        {formatCount(figures.documentsRequested, language) ?? hidden}
      </td>
    </tr>
  );
}
