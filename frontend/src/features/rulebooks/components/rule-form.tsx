import { useCodeLabel } from "@/lib/i18n";
import { useCategories, useCategoryLabel } from "@/lib/reference-data";

import { documentPointer, type Path, type RuleEntry } from "../lib/document";
import { problemText, type LocatedError } from "../lib/problems";
import {
  advancedParams,
  CHANNELS,
  CITATION_FIELDS,
  CONFIDENCES,
  DIRECTIONS,
  DOCUMENT_KINDS,
  paramFields,
  SEVERITIES,
  type ParamField,
} from "../lib/rule-kinds";
import { useRulebooksT, type RulebooksMessageKey } from "../messages";
import {
  CheckboxesInput,
  ChoiceInput,
  CountriesInput,
  MoneyInput,
  NumberInput,
  NoteInputs,
  TextInput,
} from "./rule-fields";

interface RuleFormProps {
  rule: RuleEntry;
  index: number;
  /** Whether the rule was added in this draft: only then may its identifier change. */
  isNew: boolean;
  errors: readonly LocatedError[];
  onChange: (path: Path, value: unknown) => void;
}

function citationText(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

// A publication date is picked as a date; anything else a document holds stays editable as text.
function isDateOrEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === "" || (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value));
}

function asList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.map(String) : undefined;
}

/**
 * One rule of the draft as a form of its kind: its wording, its values (amounts the reader's
 * way), the payments it applies to and its source. Problems show at the field they are about.
 */
export function RuleForm({ rule, index, isNew, errors, onChange }: RuleFormProps) {
  const { t } = useRulebooksT();
  const label = useCodeLabel();
  const categories = useCategories();
  const categoryLabel = useCategoryLabel();
  const base: Path = ["rules", index];
  const at = (...path: (string | number)[]) => {
    const pointer = documentPointer([...base, ...path]);
    return errors.filter((error) => error.pointer === pointer).map((error) => problemText(t, error));
  };
  const set = (...path: (string | number)[]) => (value: unknown) => {
    onChange([...base, ...path], value);
  };
  const scope = rule.scope ?? {};
  const advanced = advancedParams(rule);
  const shownPointers = new Set<string>();

  function param(field: ParamField) {
    const value = rule.params[field.key];
    const fieldLabel = t(`field.params.${field.key}` as RulebooksMessageKey);
    const common = {
      label: fieldLabel,
      errors: at("params", field.key),
      onChange: set("params", field.key),
      testId: `param-${field.key}`,
    };
    shownPointers.add(documentPointer([...base, "params", field.key]));
    switch (field.type) {
      case "money":
        return <MoneyInput key={field.key} {...common} value={typeof value === "string" ? value : undefined} />;
      case "percent":
      case "integer":
        return (
          <NumberInput
            key={field.key}
            {...common}
            percent={field.type === "percent"}
            value={typeof value === "number" ? value : undefined}
          />
        );
      case "decimal":
      case "text":
        return (
          <TextInput
            key={field.key}
            {...common}
            optional={field.optional}
            value={typeof value === "string" ? value : undefined}
          />
        );
      case "choice":
        return (
          <ChoiceInput
            key={field.key}
            {...common}
            value={typeof value === "string" ? value : undefined}
            options={field.options ?? []}
            optional={field.optional}
            optionLabel={(option) =>
              field.group === "outcome"
                ? label("outcome", option)
                : t(`choice.${field.group ?? ""}.${option}` as RulebooksMessageKey)
            }
          />
        );
      case "documents":
        return (
          <CheckboxesInput
            key={field.key}
            {...common}
            value={asList(value)}
            onChange={(next) => {
              set("params", field.key)(next ?? []);
            }}
            options={DOCUMENT_KINDS}
            optionLabel={(option) => label("documentKind", option)}
          />
        );
      case "countries":
        return <CountriesInput key={field.key} {...common} value={asList(value)} />;
    }
  }

  const values = paramFields(rule).map(param);
  for (const path of [["id"], ["title", "fr"], ["title", "en"], ["severity"], ["confidence"], ["notes"]]) {
    shownPointers.add(documentPointer([...base, ...path]));
  }
  for (const key of ["categories", "channels", "directions", "countries"]) {
    shownPointers.add(documentPointer([...base, "scope", key]));
  }
  for (const key of CITATION_FIELDS) {
    shownPointers.add(documentPointer([...base, "citation", key]));
  }
  for (const path of [["citation", "note"], ["notes"]]) {
    for (const language of ["fr", "en"]) {
      shownPointers.add(documentPointer([...base, ...path, language]));
    }
  }
  // Problems at a place the form has no field for (an override, the rule as a whole).
  const elsewhere = errors.filter((error) => !shownPointers.has(error.pointer));

  return (
    <div className="rule-form" data-testid={`rule-form-${rule.id}`}>
      {elsewhere.length > 0 && (
        <ul className="field__errors rule-form__elsewhere">
          {elsewhere.map((error) => (
            <li key={`${error.pointer}:${error.code}`}>{problemText(t, error)}</li>
          ))}
        </ul>
      )}
      <fieldset className="rule-form__group">
        <legend>{t("rulebooks.form.description")}</legend>
        {isNew ? (
          <TextInput label={t("field.id")} value={rule.id} onChange={(v) => { set("id")(v ?? ""); }} errors={at("id")} />
        ) : null}
        <TextInput label={t("field.title.fr")} value={rule.title.fr} onChange={(v) => { set("title", "fr")(v ?? ""); }} errors={at("title", "fr")} testId="rule-title-fr" />
        <TextInput label={t("field.title.en")} value={rule.title.en} onChange={(v) => { set("title", "en")(v ?? ""); }} errors={at("title", "en")} testId="rule-title-en" />
        <ChoiceInput
          label={t("field.severity")}
          value={rule.severity}
          onChange={(v) => { set("severity")(v); }}
          errors={at("severity")}
          options={SEVERITIES}
          optionLabel={(option) => label("severity", option)}
        />
      </fieldset>
      <fieldset className="rule-form__group">
        <legend>{t("rulebooks.form.values")}</legend>
        {values}
        {advanced.length > 0 && (
          <p className="muted">
            {t("rulebooks.form.advanced", {
              names: advanced.map((key) => t(`field.params.${key}` as RulebooksMessageKey)).join(", "),
            })}
          </p>
        )}
      </fieldset>
      <fieldset className="rule-form__group">
        <legend>{t("rulebooks.form.scope")}</legend>
        <CheckboxesInput
          label={t("field.scope.categories")}
          value={asList(scope.categories)}
          onChange={set("scope", "categories")}
          errors={at("scope", "categories")}
          options={(categories.data ?? []).map((category) => category.code)}
          optionLabel={categoryLabel}
          emptyHint={t("rulebooks.form.allCategories")}
          testId="scope-categories"
        />
        <CheckboxesInput
          label={t("field.scope.channels")}
          value={asList(scope.channels)}
          onChange={set("scope", "channels")}
          errors={at("scope", "channels")}
          options={CHANNELS}
          optionLabel={(option) => label("channel", option)}
          emptyHint={t("rulebooks.form.allOptions")}
        />
        <CheckboxesInput
          label={t("field.scope.directions")}
          value={asList(scope.directions)}
          onChange={set("scope", "directions")}
          errors={at("scope", "directions")}
          options={DIRECTIONS}
          optionLabel={(option) => label("direction", option)}
          emptyHint={t("rulebooks.form.allOptions")}
        />
        <CountriesInput
          label={t("field.scope.countries")}
          value={asList(scope.countries)}
          onChange={(next) => { set("scope", "countries")(next === undefined || next.length === 0 ? undefined : next); }}
          errors={at("scope", "countries")}
        />
        {scope.participant !== undefined && scope.participant !== null && (
          <p className="muted">{t("rulebooks.form.participantCondition")}</p>
        )}
      </fieldset>
      <fieldset className="rule-form__group">
        <legend>{t("rulebooks.form.citation")}</legend>
        <ChoiceInput
          label={t("field.confidence")}
          value={rule.confidence}
          onChange={(v) => { set("confidence")(v); }}
          errors={at("confidence")}
          options={CONFIDENCES}
          optionLabel={(option) => label("confidence", option)}
          testId="rule-confidence"
        />
        {CITATION_FIELDS.filter((key) => key !== "note").map((key) => (
          <TextInput
            key={key}
            label={t(`field.citation.${key}` as RulebooksMessageKey)}
            value={citationText(rule.citation[key])}
            onChange={set("citation", key)}
            errors={at("citation", key)}
            optional={key !== "instrument"}
            type={key === "published_on" && isDateOrEmpty(rule.citation[key]) ? "date" : "text"}
          />
        ))}
        <NoteInputs
          label={t("field.citation.note")}
          value={rule.citation.note}
          onChange={set("citation", "note")}
          errors={{ note: at("citation", "note"), fr: at("citation", "note", "fr"), en: at("citation", "note", "en") }}
          testId="rule-citation-note"
        />
        <NoteInputs
          label={t("field.notes")}
          value={rule.notes}
          onChange={set("notes")}
          errors={{ note: at("notes"), fr: at("notes", "fr"), en: at("notes", "en") }}
          testId="rule-notes"
        />
      </fieldset>
    </div>
  );
}

