/**
 * The inputs of the rule form. Each shows its value the reader's way (amounts and percentages
 * with their language's separators), writes back what the document stores (a decimal string in
 * dirhams, basis points, a list of codes) and lists the problems found at its place.
 */
import { useId, useMemo, useState, type ReactNode } from "react";

import { Combobox } from "@/components/forms/combobox";
import { amountForInput, parseAmount } from "@/lib/amount";
import { formatMad } from "@/lib/format";
import { useReferenceData } from "@/lib/reference-data";
import { countryName, namedCountries } from "@/lib/regions";

import { useRulebooksT } from "../messages";

interface FieldProps<V> {
  label: string;
  value: V | undefined;
  onChange: (value: V | undefined) => void;
  errors: readonly string[];
  hint?: string;
  testId?: string;
}

function Errors({ id, errors }: { id: string; errors: readonly string[] }) {
  if (errors.length === 0) {
    return null;
  }
  return (
    <ul className="field__errors" id={id}>
      {errors.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}

function Field({
  id,
  label,
  errors,
  hint,
  children,
  testId,
}: {
  id: string;
  label: string;
  errors: readonly string[];
  hint?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div className="field" data-testid={testId}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children}
      {hint !== undefined && hint !== null && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <Errors id={`${id}-errors`} errors={errors} />
    </div>
  );
}

function describedBy(id: string, errors: readonly string[], hint: unknown): string | undefined {
  const ids = [hint !== undefined && hint !== null ? `${id}-hint` : null, errors.length > 0 ? `${id}-errors` : null];
  return ids.filter(Boolean).join(" ") || undefined;
}

/** Free text; an empty optional field is removed from the document. */
export function TextInput({
  label,
  value,
  onChange,
  errors,
  hint,
  testId,
  multiline = false,
  optional = false,
  type = "text",
}: FieldProps<string> & { multiline?: boolean; optional?: boolean; type?: "text" | "date" }) {
  const id = useId();
  const props = {
    id,
    className: "field__input",
    value: value ?? "",
    "aria-invalid": errors.length > 0 || undefined,
    "aria-describedby": describedBy(id, errors, hint),
    onChange: (event: { target: { value: string } }) => {
      const text = event.target.value;
      onChange(optional && text.trim() === "" ? undefined : text);
    },
  };
  return (
    <Field id={id} label={label} errors={errors} hint={hint} testId={testId}>
      {multiline ? <textarea rows={3} {...props} /> : <input type={type} {...props} />}
    </Field>
  );
}

/**
 * An amount in dirhams typed the reader's way ("2 000 000,00" or "2,000,000.00"), stored as the
 * decimal string the schema asks ("2000000.00"). What cannot be read stays in the box, said so.
 */
export function MoneyInput({ label, value, onChange, errors, testId }: FieldProps<string>) {
  const { t, language } = useRulebooksT();
  const id = useId();
  const [text, setText] = useState<string | null>(null);
  const shown = text ?? (value === undefined || value === "" ? "" : amountForInput(value, language));
  const parsed = text === null ? null : parseAmount(text, language);
  const own = parsed !== null && !parsed.ok && parsed.problem !== "empty" ? [t("rulebooks.form.invalidAmount")] : [];
  const all = [...own, ...errors];
  const preview = value !== undefined && /^\d+(\.\d{1,2})?$/.test(value) ? t("rulebooks.form.moneyPreview", { amount: formatMad(value, language) }) : null;
  return (
    <Field id={id} label={label} errors={all} hint={preview} testId={testId}>
      <input
        id={id}
        className="field__input field__input--amount"
        inputMode="decimal"
        value={shown}
        aria-invalid={all.length > 0 || undefined}
        aria-describedby={describedBy(id, all, preview)}
        onChange={(event) => {
          const typed = event.target.value;
          setText(typed);
          const result = parseAmount(typed, language);
          if (result.ok) {
            const [whole = "", fraction = ""] = result.value.split(".");
            onChange(fraction.length <= 2 ? `${whole}.${fraction.padEnd(2, "0")}` : result.value);
          } else if (result.problem === "empty") {
            onChange("");
          }
        }}
        onBlur={() => {
          if (parsed === null || parsed.ok) {
            setText(null);
          }
        }}
      />
    </Field>
  );
}

/** A whole number (days, a count); a percentage is typed as such and stored in basis points. */
export function NumberInput({
  label,
  value,
  onChange,
  errors,
  testId,
  percent = false,
}: FieldProps<number> & { percent?: boolean }) {
  const { t, language } = useRulebooksT();
  const id = useId();
  const [text, setText] = useState<string | null>(null);
  const stored = value === undefined ? "" : percent ? String(value / 100) : String(value);
  const shown = text ?? (language === "fr" ? stored.replace(".", ",") : stored);
  const bad = text !== null && text.trim() !== "" && read(text) === null;
  const all = bad ? [t("rulebooks.form.invalidNumber"), ...errors] : errors;

  function read(typed: string): number | null {
    const normal = typed.trim().replace(",", ".");
    if (!/^\d+(\.\d{1,2})?$/.test(normal)) {
      return null;
    }
    const number = Number(normal);
    if (percent) {
      return Math.round(number * 100);
    }
    return Number.isInteger(number) ? number : null;
  }

  return (
    <Field id={id} label={label} errors={all} testId={testId}>
      <span className="rule-number">
        <input
          id={id}
          className="field__input field__input--number"
          inputMode={percent ? "decimal" : "numeric"}
          value={shown}
          aria-invalid={all.length > 0 || undefined}
          aria-describedby={describedBy(id, all, undefined)}
          onChange={(event) => {
            setText(event.target.value);
            const number = read(event.target.value);
            if (number !== null) {
              onChange(number);
            } else if (event.target.value.trim() === "") {
              onChange(undefined);
            }
          }}
          onBlur={() => {
            if (!bad) {
              setText(null);
            }
          }}
        />
        {percent && <span aria-hidden="true">{t("rulebooks.form.percentUnit")}</span>}
      </span>
    </Field>
  );
}

/** One value of a list, by its label; an optional one may be left to the engine's default. */
export function ChoiceInput({
  label,
  value,
  onChange,
  errors,
  options,
  optionLabel,
  optional = false,
  testId,
}: FieldProps<string> & { options: readonly string[]; optionLabel: (option: string) => string; optional?: boolean }) {
  const { t } = useRulebooksT();
  const id = useId();
  const known = value === undefined || options.includes(value);
  return (
    <Field id={id} label={label} errors={errors} testId={testId}>
      <select
        id={id}
        className="field__input"
        value={value ?? ""}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={describedBy(id, errors, undefined)}
        onChange={(event) => {
          onChange(event.target.value === "" ? undefined : event.target.value);
        }}
      >
        {optional && <option value="">{t("rulebooks.form.default")}</option>}
        {!known && <option value={value}>{value}</option>}
        {options.map((option) => (
          <option key={option} value={option}>
            {optionLabel(option)}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** Several values of a list, ticked; none ticked is said by `emptyHint` (e.g. "every category"). */
export function CheckboxesInput({
  label,
  value,
  onChange,
  errors,
  options,
  optionLabel,
  emptyHint,
  testId,
}: FieldProps<string[]> & {
  options: readonly string[];
  optionLabel: (option: string) => string;
  emptyHint?: string;
}) {
  const id = useId();
  const chosen = value ?? [];
  const extra = chosen.filter((code) => !options.includes(code));
  return (
    <fieldset className="field checkboxes" data-testid={testId} aria-describedby={describedBy(id, errors, emptyHint)}>
      <legend className="field__label">{label}</legend>
      <div className="checkboxes__list">
        {[...options, ...extra].map((option) => (
          <label key={option} className="checkboxes__item">
            <input
              type="checkbox"
              checked={chosen.includes(option)}
              onChange={(event) => {
                const next = event.target.checked ? [...chosen, option] : chosen.filter((code) => code !== option);
                onChange(next.length === 0 ? undefined : next);
              }}
            />{" "}
            {optionLabel(option)}
          </label>
        ))}
      </div>
      {emptyHint !== undefined && chosen.length === 0 && (
        <p className="field__hint" id={`${id}-hint`}>
          {emptyHint}
        </p>
      )}
      <Errors id={`${id}-errors`} errors={errors} />
    </fieldset>
  );
}

/** A list of countries: each named in the reader's language, added by searching its name. */
export function CountriesInput({ label, value, onChange, errors, testId }: FieldProps<string[]>) {
  const { t, language } = useRulebooksT();
  const id = useId();
  const reference = useReferenceData();
  const chosen = useMemo(() => value ?? [], [value]);
  const options = useMemo(
    () => namedCountries(reference.data?.countries ?? [], language).filter((option) => !chosen.includes(option.code)),
    [reference.data, language, chosen],
  );
  return (
    <fieldset className="field countries" data-testid={testId}>
      <legend className="field__label">{label}</legend>
      {chosen.length === 0 ? (
        <p className="muted">{t("rulebooks.form.noCountry")}</p>
      ) : (
        <ul className="chips">
          {chosen.map((code) => (
            <li key={code} className="chip">
              {countryName(code, language)} ({code}){" "}
              <button
                type="button"
                className="chip__remove"
                aria-label={t("rulebooks.form.removeCountry", { country: countryName(code, language) })}
                onClick={() => {
                  onChange(chosen.filter((other) => other !== code));
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <Combobox
        label={t("rulebooks.form.addCountry")}
        name={`${id}-add`}
        value=""
        options={options}
        onChange={(code) => {
          if (code !== "" && !chosen.includes(code)) {
            onChange([...chosen, code]);
          }
        }}
      />
      <Errors id={`${id}-errors`} errors={errors} />
    </fieldset>
  );
}

/** A note as a document holds it: `{fr, en}`, or a plain string (English) from an older draft. */
function noteOf(value: unknown): { fr: string; en: string } {
  if (typeof value === "string") {
    return { fr: "", en: value };
  }
  if (value !== null && typeof value === "object") {
    const note = value as Record<string, unknown>;
    return { fr: typeof note.fr === "string" ? note.fr : "", en: typeof note.en === "string" ? note.en : "" };
  }
  return { fr: "", en: "" };
}

/**
 * A note people read, written in French and in English (as a rule's title is). An older draft's
 * plain-string note shows as its English text, the French left to write; typing in either turns
 * it into `{fr, en}`, and emptying both removes the note.
 */
export function NoteInputs({
  label,
  value,
  onChange,
  errors,
  testId,
}: {
  label: string;
  value: unknown;
  onChange: (value: { fr: string; en: string } | undefined) => void;
  /** The problems at the note itself, at its French and at its English. */
  errors: { note: readonly string[]; fr: readonly string[]; en: readonly string[] };
  testId?: string;
}) {
  const { t } = useRulebooksT();
  const note = noteOf(value);
  const write = (language: "fr" | "en") => (text: string | undefined) => {
    const next = { ...note, [language]: text ?? "" };
    onChange(next.fr.trim() === "" && next.en.trim() === "" ? undefined : next);
  };
  return (
    <div className="note-inputs" data-testid={testId}>
      <Errors id={`${testId ?? "note"}-errors`} errors={errors.note} />
      <TextInput
        label={t("field.inFrench", { field: label })}
        value={note.fr}
        onChange={write("fr")}
        errors={errors.fr}
        testId={testId === undefined ? undefined : `${testId}-fr`}
        optional
        multiline
      />
      <TextInput
        label={t("field.inEnglish", { field: label })}
        value={note.en}
        onChange={write("en")}
        errors={errors.en}
        testId={testId === undefined ? undefined : `${testId}-en`}
        optional
        multiline
      />
    </div>
  );
}
