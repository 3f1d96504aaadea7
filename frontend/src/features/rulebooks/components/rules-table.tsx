import { useCodeLabel } from "@/lib/i18n";

import type { Rule } from "../api/rulebooks";
import { advancedParams, paramFields } from "../lib/rule-kinds";
import type { RuleEntry } from "../lib/document";
import { useValueText } from "../lib/values";
import { useRulebooksT, type RulebooksMessageKey } from "../messages";

const SCOPE_FIELDS = ["categories", "channels", "directions", "countries"] as const;

/**
 * The rules of a version as a policy person reads them: title, kind and severity, each value
 * named and written the reader's way, the payments it applies to, and its source with its
 * confidence tag (illustrative values say so).
 */
export function RulesTable({ rules }: { rules: readonly Rule[] }) {
  const { t, language } = useRulebooksT();
  const label = useCodeLabel();
  const text = useValueText();
  return (
    <ul className="rule-cards" data-testid="rules-table">
      {rules.map((rule) => {
        const entry = rule as unknown as RuleEntry;
        const params = (rule.params ?? {}) as Record<string, unknown>;
        const scope = (rule.scope ?? {}) as Record<string, unknown>;
        const shown = paramFields(entry).filter((field) => params[field.key] !== undefined);
        const advanced = advancedParams(entry);
        const scoped = SCOPE_FIELDS.filter((key) => Array.isArray(scope[key]));
        return (
          <li key={rule.id} className="panel rule-card" data-testid={`rule-${rule.id}`}>
            <h4 className="rule-card__title">{language === "fr" ? rule.title.fr : rule.title.en}</h4>
            <p className="muted">
              {label("ruleKind", rule.kind)} · {t("rulebooks.rules.severity", { severity: label("severity", rule.severity) })}{" "}
              · <code>{rule.id}</code>
            </p>
            <dl className="rule-card__facts">
              <dt>{t("rulebooks.rules.values")}</dt>
              <dd>
                <ul className="rule-card__values">
                  {shown.map((field) => (
                    <li key={field.key}>
                      {t("rulebooks.rules.named", { name: t(`field.params.${field.key}` as RulebooksMessageKey) })}{" "}
                      <span
                        className={rule.illustrative ? "rulebooks-illustrative-value" : undefined}
                        // A name typed by people (a list's name) is shown as written.
                        data-free-text={field.type === "text" ? true : undefined}
                      >
                        {text(field.key, params[field.key]) ?? <code>{JSON.stringify(params[field.key])}</code>}
                      </span>
                    </li>
                  ))}
                  {advanced.length > 0 && (
                    <li className="muted">
                      {t("rulebooks.rules.more", {
                        names: advanced.map((key) => t(`field.params.${key}` as RulebooksMessageKey)).join(", "),
                      })}
                    </li>
                  )}
                </ul>
                {rule.illustrative && (
                  <span className="rulebooks-badge rulebooks-badge--illustrative">{t("tag.illustrative")}</span>
                )}
              </dd>
              <dt>{t("rulebooks.rules.scope")}</dt>
              <dd>
                {scoped.length === 0 && scope.participant == null ? (
                  t("rulebooks.rules.allPayments")
                ) : (
                  <ul className="rule-card__values">
                    {scoped.map((key) => (
                      <li key={key}>
                        {t("rulebooks.rules.named", { name: t(`field.scope.${key}`) })} {text(key, scope[key])}
                      </li>
                    ))}
                    {scope.participant != null && <li>{t("rulebooks.form.participantCondition")}</li>}
                  </ul>
                )}
              </dd>
              <dt>{t("rulebooks.rules.citation")}</dt>
              <dd>
                <span data-free-text>{rule.citation.label}</span>
                {rule.citation.source !== null && (
                  <div className="muted" data-free-text>
                    {rule.citation.source}
                  </div>
                )}
                {rule.citation.note !== null && (
                  <div className="muted" data-free-text data-testid={`rule-note-${rule.id}`}>
                    {language === "fr" ? rule.citation.note_fr : rule.citation.note_en}
                  </div>
                )}
                <span className={`rulebooks-badge rulebooks-badge--${rule.confidence}`}>
                  {label("confidence", rule.confidence)}
                </span>
              </dd>
              {rule.notes_en !== "" && (
                <>
                  <dt>{t("field.notes")}</dt>
                  <dd data-free-text data-testid={`rule-notes-${rule.id}`}>
                    {language === "fr" ? rule.notes_fr : rule.notes_en}
                  </dd>
                </>
              )}
            </dl>
          </li>
        );
      })}
    </ul>
  );
}
