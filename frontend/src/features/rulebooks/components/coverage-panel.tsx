import { useId, useState } from "react";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { formatDateRange, formatNumber } from "@/lib/format";
import { useCodeLabel } from "@/lib/i18n";
import { ApiError } from "@/lib/problem";

import { useCoverage, type CoveragePeriod, type CoverageRule } from "../api/rulebooks";
import { useRulebooksT, type RulebooksMessageKey } from "../messages";

const OUTCOMES = ["compliant", "breach", "needs_review", "open", "pending_rate"] as const;
/** Inputs a rule may lack that are not participant facts: said by this feature's messages. */
const DECLARATION_INPUTS = new Set([
  "amount_mad",
  "service_performance_date",
  "expected_repatriation_date",
  "received_date",
  "counterparty_country",
]);

/** Refusals of the period said in the reader's language. */
const PERIOD_PROBLEMS = new Set(["period_reversed", "period_too_long"]);

/**
 * What each rule of a version did over a period of value dates: the payments it looked at, those
 * it decided, those it could not and for want of what. A rule that decided nothing is marked "not
 * evaluated": it is never read as if it had been applied.
 */
export function CoveragePanel({ versionId }: { versionId: string }) {
  const { t, language } = useRulebooksT();
  const id = useId();
  const [period, setPeriod] = useState<CoveragePeriod>({ dateFrom: "", dateTo: "" });
  const coverage = useCoverage(versionId, period);
  const report = coverage.data;
  return (
    <section className="panel coverage-panel" data-testid="coverage-panel" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t("rulebooks.coverage.title")}</h3>
      <p className="muted">{t("rulebooks.coverage.intro")}</p>
      <div className="coverage-panel__period">
        <div className="field">
          <label className="field__label" htmlFor={`${id}-from`}>
            {t("rulebooks.coverage.from")}
          </label>
          <input
            id={`${id}-from`}
            className="field__input field__input--date"
            type="date"
            value={period.dateFrom}
            onChange={(event) => {
              setPeriod({ ...period, dateFrom: event.target.value });
            }}
          />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-to`}>
            {t("rulebooks.coverage.to")}
          </label>
          <input
            id={`${id}-to`}
            className="field__input field__input--date"
            type="date"
            value={period.dateTo}
            min={period.dateFrom || undefined}
            onChange={(event) => {
              setPeriod({ ...period, dateTo: event.target.value });
            }}
          />
        </div>
      </div>
      {coverage.isPending && (
        <p className="state state--loading" role="status">
          {t("rulebooks.coverage.loading")}
        </p>
      )}
      {coverage.isError && (
        <Alert>
          {coverage.error instanceof ApiError && coverage.error.code !== null && PERIOD_PROBLEMS.has(coverage.error.code)
            ? t(`rulebooks.coverage.problem.${coverage.error.code}` as RulebooksMessageKey)
            : errorMessage(coverage.error, t)}
        </Alert>
      )}
      {report !== undefined && (
        <>
          <p data-testid="coverage-summary">
            {t("rulebooks.coverage.summary", {
              evaluated: report.rules_evaluated,
              total: report.rules.length,
              period: formatDateRange(report.date_from, report.date_to, language),
            })}{" "}
            {report.declarations !== null &&
              report.participants !== null &&
              t("rulebooks.coverage.counted", {
                declarations: report.declarations,
                participants: report.participants,
              })}
          </p>
          <div className="table-scroll">
            <table className="table coverage-table" data-testid="coverage-table">
              <thead>
                <tr>
                  <th scope="col">{t("rulebooks.coverage.rule")}</th>
                  <th scope="col">{t("rulebooks.coverage.status")}</th>
                  <th scope="col" className="coverage-table__number">
                    {t("rulebooks.coverage.inScope")}
                  </th>
                  <th scope="col" className="coverage-table__number">
                    {t("rulebooks.coverage.evaluated")}
                  </th>
                  <th scope="col">{t("rulebooks.coverage.notEvaluable")}</th>
                  <th scope="col">{t("rulebooks.coverage.outcomes")}</th>
                </tr>
              </thead>
              <tbody>
                {report.rules.map((rule) => (
                  <CoverageRow key={rule.rule_id} rule={rule} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function CoverageRow({ rule }: { rule: CoverageRule }) {
  const { t, language } = useRulebooksT();
  const label = useCodeLabel();
  const count = (value: number | null) => (value === null ? "—" : formatNumber(value, language, 0));
  const evaluated = rule.status === "evaluated";
  const outcomes = rule.outcomes;
  return (
    <tr data-testid={`coverage-${rule.rule_id}`} className={evaluated ? undefined : "coverage-table__inert"}>
      <th scope="row" data-label={t("rulebooks.coverage.rule")}>
        {language === "fr" ? rule.title_fr : rule.title_en}
      </th>
      <td data-label={t("rulebooks.coverage.status")}>
        <div>
          <span className={`badge ${evaluated ? "badge--ok" : "badge--warning"}`}>
            {t(evaluated ? "rulebooks.coverage.statusEvaluated" : "rulebooks.coverage.statusNotEvaluated")}
          </span>
          {!evaluated && (
            <div className="muted">
              {t(rule.in_scope === 0 ? "rulebooks.coverage.nothingInScope" : "rulebooks.coverage.nothingDecided")}
            </div>
          )}
        </div>
      </td>
      <td data-label={t("rulebooks.coverage.inScope")} className="coverage-table__number">
        {count(rule.in_scope)}
      </td>
      <td data-label={t("rulebooks.coverage.evaluated")} className="coverage-table__number">
        {count(rule.evaluated)}
      </td>
      <td data-label={t("rulebooks.coverage.notEvaluable")}>
        {rule.missing.length === 0 ? (
          <span className="muted">{t("rulebooks.coverage.none")}</span>
        ) : (
          <ul className="coverage-table__list">
            {rule.missing.map((entry) => {
              const what = DECLARATION_INPUTS.has(entry.fact)
                ? t(`rulebooks.coverage.input.${entry.fact}` as RulebooksMessageKey)
                : label("fact", entry.fact);
              return (
                <li key={entry.fact}>
                  {entry.declarations === null
                    ? t("rulebooks.coverage.lacking", { what })
                    : t("rulebooks.coverage.lackingCount", { what, count: entry.declarations })}
                </li>
              );
            })}
          </ul>
        )}
      </td>
      <td data-label={t("rulebooks.coverage.outcomes")}>
        {outcomes === null || OUTCOMES.every((o) => outcomes[o] === 0) ? (
          "—"
        ) : (
          <ul className="coverage-table__list coverage-table__outcomes">
            {OUTCOMES.filter((o) => outcomes[o] > 0).map((o) => (
              <li key={o}>
                {t("rulebooks.coverage.outcome", {
                  outcome: label("outcome", o),
                  count: formatNumber(outcomes[o], language, 0),
                })}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
