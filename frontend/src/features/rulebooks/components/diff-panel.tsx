import { useId, useState } from "react";

import { Alert } from "@/components/ui/alert";
import { TableScroll } from "@/components/ui/table-scroll";
import { errorMessage } from "@/lib/error-message";
import { useCodeLabel } from "@/lib/i18n";
import { localName } from "@/lib/names";

import { useDiff, useVersion, type FieldChange, type Rule, type RuleChange, type VersionSummary } from "../api/rulebooks";
import { fieldLabel } from "../lib/problems";
import { asWritten, useValueText } from "../lib/values";
import { useRulebooksT } from "../messages";

/** `params.overrides[0].cap_mad` → `["params", "overrides", "cap_mad"]`: the field, without positions. */
function fieldPath(path: string): string[] {
  return path
    .replace(/\[\d+\]/g, "")
    .split(".")
    .filter((part) => part !== "");
}

function Value({ field, value, present }: { field: readonly string[]; value: unknown; present: boolean }) {
  const { t } = useRulebooksT();
  const text = useValueText();
  if (!present) {
    return <span className="muted">{t("rulebooks.diff.absent")}</span>;
  }
  const readable = text(field, value);
  return readable !== null ? <>{readable}</> : <code>{asWritten(value)}</code>;
}

function ChangesTable({ changes, caption }: { changes: readonly FieldChange[]; caption: string }) {
  const { t } = useRulebooksT();
  return (
    <TableScroll label={caption}>
      <table className="diff-table">
        <caption className="visually-hidden">{caption}</caption>
        {/* Before and after share one width class, so neither side is squeezed by the other's text. */}
        <colgroup>
          <col className="diff-table__field-col" />
          <col className="diff-table__value-col" data-testid="diff-col-before" />
          <col className="diff-table__value-col" data-testid="diff-col-after" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">{t("rulebooks.diff.field")}</th>
            <th scope="col">{t("rulebooks.diff.before")}</th>
            <th scope="col">{t("rulebooks.diff.after")}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change) => {
            const path = fieldPath(change.path);
            return (
              <tr key={change.path}>
                <th scope="row">{fieldLabel(t, path) ?? <code>{change.path}</code>}</th>
                <td className="diff-table__before">
                  <Value field={path} value={change.before} present={change.change !== "added"} />
                </td>
                <td className="diff-table__after">
                  <Value field={path} value={change.after} present={change.change !== "removed"} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** A rule added or removed, whole: its kind and values on the side it exists. */
function WholeRule({ change, rule }: { change: RuleChange; rule: Rule | undefined }) {
  const { language } = useRulebooksT();
  const fields: FieldChange[] =
    rule === undefined
      ? []
      : [
          { path: "kind", before: rule.kind, after: rule.kind, change: "changed", text: "" },
          ...Object.entries((rule.params ?? {}) as Record<string, unknown>).map(
            ([key, value]): FieldChange => ({ path: `params.${key}`, before: value, after: value, change: "changed", text: "" }),
          ),
        ].map((field) => ({
          ...field,
          change: change.change === "added" ? "added" : "removed",
          before: change.change === "added" ? null : field.before,
          after: change.change === "added" ? field.after : null,
        }));
  return fields.length > 0 ? <ChangesTable changes={fields} caption={change.title[language]} /> : null;
}

/**
 * What changed between this version and another, side by side: each rule added, removed or
 * changed with its fields before and after (coloured), and the changes to the version itself.
 */
export function DiffPanel({
  versionId,
  basedOn,
  rules,
  others,
}: {
  versionId: string;
  /** The version this one was copied from: what it is compared with first. */
  basedOn: string | null;
  rules: readonly Rule[];
  others: readonly VersionSummary[];
}) {
  const { t, language } = useRulebooksT();
  const label = useCodeLabel();
  const selectId = useId();
  const [against, setAgainst] = useState<string | null>(
    basedOn !== null && others.some((other) => other.id === basedOn) ? basedOn : null,
  );
  const diff = useDiff(versionId, against);
  const before = useVersion(against ?? versionId);
  if (others.length === 0) {
    return null;
  }
  const beforeRules = against !== null && before.isSuccess ? before.data.rules : [];
  const ruleOf = (change: RuleChange) =>
    (change.change === "removed" ? beforeRules : rules).find((rule) => rule.id === change.rule_id);
  return (
    <section className="panel" data-testid="diff-panel">
      <h3 className="panel__title">{t("rulebooks.diff.title")}</h3>
      <div className="field">
        <label className="field__label" htmlFor={selectId}>
          {t("rulebooks.diff.against")}
        </label>
        <select
          id={selectId}
          className="field__input"
          value={against ?? ""}
          onChange={(event) => {
            setAgainst(event.target.value === "" ? null : event.target.value);
          }}
        >
          <option value="">{t("rulebooks.diff.choose")}</option>
          {others.map((other) => (
            <option key={other.id} value={other.id}>
              {localName(other.rulebook, language)} v{other.number} ({label("versionStatus", other.status)})
            </option>
          ))}
        </select>
      </div>
      {diff.isPending && against !== null && (
        <p className="state state--loading" role="status">
          {t("app.loading")}
        </p>
      )}
      {diff.isError && <Alert>{errorMessage(diff.error, t)}</Alert>}
      {diff.isSuccess &&
        (diff.data.rules.length === 0 && diff.data.metadata.length === 0 ? (
          <p>{t("rulebooks.diff.none")}</p>
        ) : (
          <>
            <p className="muted" data-testid="diff-summary">
              {t("rulebooks.diff.summary", {
                added: diff.data.rules.filter((rule) => rule.change === "added").length,
                removed: diff.data.rules.filter((rule) => rule.change === "removed").length,
                changed: diff.data.rules.filter((rule) => rule.change === "changed").length,
                metadata: diff.data.metadata.length,
              })}
            </p>
            {diff.data.metadata.length > 0 && (
              <section className="diff-rule" data-testid="diff-metadata">
                <h4>{t("rulebooks.diff.metadata")}</h4>
                <ChangesTable changes={diff.data.metadata} caption={t("rulebooks.diff.metadata")} />
              </section>
            )}
            {diff.data.rules.map((change) => (
              <section key={change.rule_id} className={`diff-rule diff-rule--${change.change}`} data-testid={`diff-rule-${change.rule_id}`}>
                <h4>
                  {change.title[language] || change.rule_id}{" "}
                  <span className={`badge diff-badge--${change.change}`}>{t(`rulebooks.diff.change.${change.change}`)}</span>
                </h4>
                {change.change === "changed" ? (
                  <ChangesTable changes={change.fields} caption={change.title[language]} />
                ) : (
                  <WholeRule change={change} rule={ruleOf(change)} />
                )}
              </section>
            ))}
          </>
        ))}
    </section>
  );
}
