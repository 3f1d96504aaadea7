import { useId, useState } from "react";

import { useConfirm } from "@/components/ui/use-confirm";
import { useCodeLabel } from "@/lib/i18n";

import { documentPointer, type Path, type RulebookDocument } from "../lib/document";
import { problemText, type LocatedError } from "../lib/problems";
import { newRule, RULE_KINDS, type RuleKind } from "../lib/rule-kinds";
import { useRulebooksT } from "../messages";
import { NoteInputs, TextInput } from "./rule-fields";
import { RuleForm } from "./rule-form";

interface DocumentFormProps {
  document: RulebookDocument;
  /** The rule ids of the version the draft was copied from: any other id is a new rule. */
  existingIds: ReadonlySet<string>;
  errors: readonly LocatedError[];
  onChange: (path: Path, value: unknown) => void;
}

/** The draft as forms: the version's date and notes, then each rule, folded, with its problems counted. */
export function DocumentForm({ document, existingIds, errors, onChange }: DocumentFormProps) {
  const { t, language } = useRulebooksT();
  const label = useCodeLabel();
  const kindId = useId();
  const [kind, setKind] = useState<RuleKind>("period_cap");
  const [opened, setOpened] = useState<string | null>(null);
  const { confirm, dialog } = useConfirm();
  const at = (...path: (string | number)[]) =>
    errors.filter((error) => error.pointer === documentPointer(path)).map((error) => problemText(t, error));

  return (
    <div className="document-form" data-testid="document-form">
      <fieldset className="rule-form__group">
        <legend>{t("rulebooks.form.version")}</legend>
        <TextInput
          label={t("field.version.effective_from")}
          value={document.version.effective_from}
          onChange={(value) => {
            onChange(["version", "effective_from"], value ?? "");
          }}
          errors={at("version", "effective_from")}
          type="date"
        />
        <NoteInputs
          label={t("field.version.notes")}
          value={document.version.notes}
          onChange={(value) => {
            onChange(["version", "notes"], value);
          }}
          errors={{ note: at("version", "notes"), fr: at("version", "notes", "fr"), en: at("version", "notes", "en") }}
          testId="version-notes-input"
        />
      </fieldset>
      <h4>{t("rulebooks.form.rules", { count: document.rules.length })}</h4>
      <ul className="rule-list">
        {document.rules.map((rule, index) => {
          const prefix = documentPointer(["rules", index]);
          const own = errors.filter((error) => error.pointer === prefix || error.pointer.startsWith(`${prefix}/`));
          const title = rule.title[language] || t("rulebooks.form.untitled", { id: rule.id });
          return (
            // Rules are keyed by position: an id being typed must not remount its form.
            <li key={index} className="rule-list__item">
              <details
                open={opened === `${index}` || own.length > 0}
                onToggle={(event) => {
                  if (event.currentTarget.open) {
                    setOpened(`${index}`);
                  }
                }}
              >
                <summary data-testid={`rule-summary-${rule.id}`}>
                  <span className="rule-list__title">{title}</span>{" "}
                  <span className="badge">{label("ruleKind", rule.kind)}</span>{" "}
                  {own.length > 0 && (
                    <span className="badge badge--failing">{t("rulebooks.form.ruleProblems", { count: own.length })}</span>
                  )}
                </summary>
                <RuleForm rule={rule} index={index} isNew={!existingIds.has(rule.id)} errors={own} onChange={onChange} />
                <button
                  type="button"
                  className="button button--quiet"
                  onClick={() => {
                    confirm(
                      {
                        title: t("rulebooks.form.removeRuleTitle", { title }),
                        body: <p>{t("rulebooks.form.removeRuleBody")}</p>,
                        confirmLabel: t("rulebooks.form.removeRule"),
                        danger: true,
                      },
                      () => {
                        onChange(["rules", index], undefined);
                      },
                    );
                  }}
                >
                  {t("rulebooks.form.removeRule")}
                </button>
              </details>
            </li>
          );
        })}
      </ul>
      <div className="rule-list__add">
        <div className="field">
          <label className="field__label" htmlFor={kindId}>
            {t("rulebooks.form.newRuleKind")}
          </label>
          <select
            id={kindId}
            className="field__input"
            value={kind}
            onChange={(event) => {
              setKind(event.target.value as RuleKind);
            }}
          >
            {RULE_KINDS.map((option) => (
              <option key={option} value={option}>
                {label("ruleKind", option)}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="button"
          data-testid="add-rule"
          onClick={() => {
            const rule = newRule(
              kind,
              document.rules.map((existing) => existing.id),
            );
            onChange(["rules", document.rules.length], rule);
            setOpened(`${document.rules.length}`);
          }}
        >
          {t("rulebooks.form.addRule")}
        </button>
      </div>
      {dialog}
    </div>
  );
}
