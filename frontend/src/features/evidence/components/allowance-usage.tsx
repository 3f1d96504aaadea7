import { useI18n } from "@/lib/i18n";

import type { Measures, RuleSource } from "../api/types";
import { allowanceDistributions, BUCKETS, formatCount } from "../lib/measures";
import { Suppressed } from "./headline";

/** Where the allowance's cap comes from: its rule, the rulebook, and the citation when known. */
function RuleSourceLine({ kind, ruleId, rules }: { kind: string; ruleId: string; rules: RuleSource[] }) {
  const { t } = useI18n();
  const found = rules.filter((rule) => rule.rule_id === ruleId && rule.kind === kind);
  const rulebook = kind === "in_force" ? t("evidence.allowance.inForce") : t("evidence.allowance.proposed");
  if (found.length === 0) {
    return <p className="evidence-source">{t("evidence.source.inReport", { rule: ruleId, rulebook })}</p>;
  }
  return (
    <>
      {found.map((rule) => (
        <p key={rule.version} className="evidence-source" data-testid="rule-source">
          {t("evidence.source.cited", { rule: ruleId, version: rule.version, citation: rule.citation })}{" "}
          {rule.confidence === "illustrative" ? (
            <strong className="evidence-illustrative">{t("evidence.source.illustrative")}</strong>
          ) : (
            <span className="evidence-confidence">{t("evidence.source.confidence", { tag: rule.confidence })}</span>
          )}
        </p>
      ))}
    </>
  );
}

/** Participants by share of each annual allowance used, under both rulebooks. */
export function AllowanceUsage({ measures }: { measures: Measures }) {
  const { t, language } = useI18n();
  const distributions = allowanceDistributions(measures.tables.allowance ?? []);
  const summaries = new Map(measures.allowances.map((summary) => [summary.allowance, summary]));
  const hidden = t("evidence.suppressed");
  return (
    <section className="panel" aria-labelledby="evidence-allowance-title" data-testid="allowance-usage">
      <h2 id="evidence-allowance-title" className="panel__title">
        {t("evidence.allowance.title")}
      </h2>
      {distributions.length === 0 ? (
        <p className="muted">{t("evidence.allowance.empty")}</p>
      ) : (
        <table className="evidence-table">
          <thead>
            <tr>
              <th scope="col">{t("evidence.allowance.rule")}</th>
              {BUCKETS.map((bucket) => (
                <th key={bucket} scope="col" className="evidence-table__number">
                  {bucket} %
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
            {distributions.map((row) => {
              const summary = summaries.get(row.allowance);
              return (
                <tr key={row.allowance} data-testid={`allowance-${row.allowance}`}>
                  <th scope="row">
                    {row.ruleId}
                    <RuleSourceLine kind={row.kind} ruleId={row.ruleId} rules={measures.rules} />
                  </th>
                  {row.buckets.map((cell) => (
                    <td key={cell.bucket} className="evidence-table__number">
                      {formatCount(cell.participants, language) ?? <Suppressed text={hidden} />}
                    </td>
                  ))}
                  <td className="evidence-table__number">
                    {formatCount(summary?.near_cap ?? null, language) ?? <Suppressed text={hidden} />}
                  </td>
                  <td className="evidence-table__number">
                    {formatCount(summary?.at_cap ?? null, language) ?? <Suppressed text={hidden} />}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p className="muted">{t("evidence.allowance.note")}</p>
    </section>
  );
}
