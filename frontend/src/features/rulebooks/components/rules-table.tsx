
import type { Rule } from "../api/rulebooks";
import { useCodeLabel } from "@/lib/i18n";

import { useRulebooksT } from "../messages";

/** A rule's parameters on one line: `cap_mad: 2000000.00 · period: calendar_year`. */
function paramsText(params: unknown): string {
  if (params === null || typeof params !== "object") {
    return "";
  }
  return Object.entries(params as Record<string, unknown>)
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(" · ");
}

/** The rules of a version with their citation and confidence; illustrative values say so. */
export function RulesTable({ rules }: { rules: readonly Rule[] }) {
  const { t, language } = useRulebooksT();
  const label = useCodeLabel();
  return (
    <table className="rulebooks-table" data-testid="rules-table">
      <thead>
        <tr>
          <th scope="col">{t("rulebooks.rules.rule")}</th>
          <th scope="col">{t("rulebooks.rules.params")}</th>
          <th scope="col">{t("rulebooks.rules.citation")}</th>
          <th scope="col">{t("rulebooks.rules.confidence")}</th>
        </tr>
      </thead>
      <tbody>
        {rules.map((rule) => (
          <tr key={rule.id} data-testid={`rule-${rule.id}`}>
            <td>
              <code>{rule.id}</code>
              <div>{language === "fr" ? rule.title.fr : rule.title.en}</div>
              <div className="muted">
                {rule.kind} · {t("rulebooks.rules.severity")} {rule.severity}
              </div>
            </td>
            <td>
              <span className={rule.illustrative ? "rulebooks-illustrative-value" : undefined}>
                {paramsText(rule.params)}
              </span>
              {rule.illustrative && (
                <span className="rulebooks-badge rulebooks-badge--illustrative"> {t("tag.illustrative")}</span>
              )}
            </td>
            <td>
              {rule.citation.label}
              {rule.citation.source !== null && <div className="muted">{rule.citation.source}</div>}
              {rule.citation.note !== null && <div className="muted">{rule.citation.note}</div>}
            </td>
            <td>
              <span className={`rulebooks-badge rulebooks-badge--${rule.confidence}`}>
                {label("confidence", rule.confidence)}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
