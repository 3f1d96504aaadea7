import { Fragment } from "react";

import { TableScroll } from "@/components/ui/table-scroll";
import { useCodeLabel } from "@/lib/i18n";

import type { Measures, RuleSource } from "../api/types";
import { allowanceDistributions, BUCKETS, formatCount, type AllowanceDistribution } from "../lib/measures";
import { useEvidenceT } from "../messages";
import { Suppressed } from "./headline";
import { rulebookName, ruleTitle, useEvidenceLabels } from "./labels";

/** Where the allowance's cap comes from: the rulebook and version, the citation and confidence. */
function RuleSourceLine({ rule }: { rule: RuleSource | undefined }) {
  const { t, language } = useEvidenceT();
  const labels = useEvidenceLabels();
  if (rule === undefined) {
    return <p className="evidence-source">{t("evidence.source.unknown")}</p>;
  }
  return (
    <p className="evidence-source" data-testid="rule-source">
      {t("evidence.source.version", { rulebook: rulebookName(rule, language), number: rule.version_number })} ·{" "}
      <cite data-free-text>{rule.citation}</cite> ·{" "}
      {rule.confidence === "illustrative" ? (
        <strong className="evidence-illustrative">{t("evidence.source.illustrative")}</strong>
      ) : (
        <span className="evidence-confidence">{t("evidence.source.confidence", { tag: labels.confidence(rule.confidence) })}</span>
      )}
    </p>
  );
}

/** Participants by share of each annual allowance used, under both rulebooks. */
export function AllowanceUsage({ measures }: { measures: Measures }) {
  const { t, language } = useEvidenceT();
  const kindLabel = useCodeLabel();
  const distributions = allowanceDistributions(measures.tables.allowance ?? []);
  const summaries = new Map(measures.allowances.map((summary) => [summary.allowance, summary]));
  const hidden = <Suppressed text={t("evidence.suppressed")} />;
  const ruleOf = (row: AllowanceDistribution) =>
    measures.rules.find((rule) => rule.rule_id === row.ruleId && rule.kind === row.kind);
  const kinds = [...new Set(distributions.map((row) => row.kind))];
  let body;
  if (measures.unavailable.allowance !== undefined) {
    body = <p className="muted">{t("evidence.allowance.unavailable")}</p>;
  } else if (distributions.length === 0) {
    body = <p className="muted">{t("evidence.allowance.empty")}</p>;
  } else {
    body = (
      <TableScroll label={t("evidence.table.scroll", { title: t("evidence.allowance.title") })}>
        <table className="evidence-table evidence-allowance__table">
          <thead>
            <tr>
              <th scope="col">{t("evidence.allowance.rule")}</th>
              {BUCKETS.map((bucket) => (
                <th key={bucket} scope="col" className="evidence-table__number">
                  {t("evidence.allowance.bucket", { bucket })}
                </th>
              ))}
              <th scope="col" className="evidence-table__number">
                {t("evidence.allowance.nearCap")}
              </th>
              <th scope="col" className="evidence-table__number">
                {t("evidence.allowance.atCap")}
              </th>
            </tr>
          </thead>
          <tbody>
            {kinds.map((kind) => (
              <Fragment key={kind}>
                <tr className="evidence-table__group">
                  <th scope="colgroup" colSpan={BUCKETS.length + 3}>
                    {kindLabel("rulebookKind", kind)}
                  </th>
                </tr>
                {distributions
                  .filter((row) => row.kind === kind)
                  .map((row) => {
                    const summary = summaries.get(row.allowance);
                    const rule = ruleOf(row);
                    return (
                      <tr key={row.allowance} data-testid={`allowance-${row.allowance}`}>
                        <th scope="row" className="evidence-allowance__rule">
                          {rule === undefined ? <code>{row.ruleId}</code> : ruleTitle(rule, language)}
                          <RuleSourceLine rule={rule} />
                        </th>
                        {row.buckets.map((cell) => (
                          <td key={cell.bucket} className="evidence-table__number">
                            {formatCount(cell.participants, language) ?? hidden}
                          </td>
                        ))}
                        <td className="evidence-table__number">{formatCount(summary?.near_cap ?? null, language) ?? hidden}</td>
                        <td className="evidence-table__number">{formatCount(summary?.at_cap ?? null, language) ?? hidden}</td>
                      </tr>
                    );
                  })}
              </Fragment>
            ))}
          </tbody>
        </table>
      </TableScroll>
    );
  }
  return (
    <section className="panel" aria-labelledby="evidence-allowance-title" data-testid="allowance-usage">
      <h2 id="evidence-allowance-title" className="panel__title">
        {t("evidence.allowance.title")}
      </h2>
      {body}
      <p className="muted">{t("evidence.allowance.note")}</p>
    </section>
  );
}
