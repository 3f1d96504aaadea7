import { useI18n } from "@/lib/i18n";

import type { Measures } from "../api/types";
import { outcomeText, useEvidenceT } from "../lib/i18n";
import { formatCount, formatMean, outcomeSeries, reviewOutcomes, type OutcomeFigures } from "../lib/measures";
import { BarChart } from "./bar-chart";
import { Suppressed } from "./headline";

/** Regulators' decisions on flagged declarations, and what reaching them cost the startups. */
export function ReviewOutcomes({ measures }: { measures: Measures }) {
  const { e, language } = useEvidenceT();
  const { outcomes, total } = reviewOutcomes(measures.tables.reviews ?? []);
  return (
    <section className="panel" aria-labelledby="evidence-reviews-title" data-testid="review-outcomes">
      <h2 id="evidence-reviews-title" className="panel__title">
        {e("reviews.title")}
      </h2>
      <p className="muted" data-testid="review-outcomes-note">
        {e("reviews.note")}
      </p>
      {total === null ? (
        <p className="muted">{e("reviews.empty")}</p>
      ) : (
        <div className="evidence-reviews">
          <BarChart
            testId="chart-outcomes"
            title={e("reviews.chart")}
            points={outcomeSeries(outcomes)}
            labelOf={(outcome) => outcomeText(language, outcome)}
            unit="count"
          />
          <div className="evidence-scroll">
            <table className="evidence-table" aria-labelledby="evidence-reviews-title">
              <thead>
                <tr>
                  <th scope="col">{e("reviews.outcome")}</th>
                  <th scope="col" className="evidence-table__number">
                    {e("reviews.cases")}
                  </th>
                  <th scope="col" className="evidence-table__number">
                    {e("reviews.participants")}
                  </th>
                  <th scope="col" className="evidence-table__number">
                    {e("reviews.meanDays")}
                  </th>
                  <th scope="col" className="evidence-table__number">
                    {e("reviews.documents")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...outcomes, total].map((figures) => (
                  <OutcomeRow key={figures.outcome} figures={figures} />
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}

function OutcomeRow({ figures }: { figures: OutcomeFigures }) {
  const { t, language } = useI18n();
  const hidden = <Suppressed text={t("evidence.suppressed")} />;
  const total = figures.outcome === "TOTAL";
  // A mean over no case is no number at all, not zero days.
  const mean = figures.suppressed ? hidden : (formatMean(figures.meanDays, language) ?? "—");
  return (
    <tr className={total ? "evidence-breakdown__total" : undefined} data-testid={`outcome-${figures.outcome}`}>
      <th scope="row">{outcomeText(language, figures.outcome)}</th>
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
