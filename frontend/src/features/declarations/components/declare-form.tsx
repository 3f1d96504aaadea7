import { useMemo, useRef, useState, type ChangeEvent, type ReactNode, type SubmitEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { TextField } from "@/components/ui/text-field";
import { errorMessage } from "@/lib/error-message";
import { todayIso } from "@/lib/format";
import { useCodeLabel, useLanguage, type Translate } from "@/lib/i18n";
import { ApiError } from "@/lib/problem";

import {
  newIdempotencyKey,
  useAmendDeclaration,
  useCategories,
  useCreateDeclaration,
  type Category,
  type DeclarationChanges,
  type DeclarationDetail,
  type DeclarationInput,
} from "../api/declarations";
import {
  changesNothing,
  checkForm,
  EMPTY_FORM,
  toBody,
  toChangesBody,
  type FieldProblems,
  type FormValues,
} from "../lib/form";
import { serverCodeKey, useDeclarationsT, type DeclarationsMessageKey } from "../messages";

function problemText(problems: FieldProblems, field: string, t: Translate<DeclarationsMessageKey>): string[] {
  const problem = problems[field];
  if (problem === undefined) {
    return [];
  }
  return [typeof problem === "string" ? t(problem) : t(problem[0], problem[1])];
}

function CategoryHelp({ category }: { category: Category | undefined }) {
  const language = useLanguage();
  if (category === undefined) {
    return null;
  }
  return (
    <p className="muted declare__help" data-testid="category-help">
      {language === "fr" ? category.help_fr : category.help_en}
    </p>
  );
}

/** The form declares a new payment. */
export interface CreateMode {
  kind: "create";
}

/** The form amends version `version` of declaration `id`: its answer is the new version. */
export interface AmendMode {
  kind: "amend";
  id: string;
  version: number;
  onAmended: (amended: DeclarationDetail) => void;
  onCancel: () => void;
}

interface Props {
  /** What the form starts with; an amendment starts with the version it amends. */
  initial?: FormValues;
  mode?: CreateMode | AmendMode;
}

const CREATE: CreateMode = { kind: "create" };

/**
 * "Declare a payment", or amend one: checks as you type, then the server's answer per field. An
 * amendment keeps the reference, so it is shown but cannot be changed.
 */
export function DeclareForm({ initial = EMPTY_FORM, mode = CREATE }: Props) {
  const { t, language } = useDeclarationsT();
  const label = useCodeLabel();
  const categories = useCategories();
  const create = useCreateDeclaration();
  const amend = useAmendDeclaration();
  const submission = mode.kind === "amend" ? amend : create;
  const [values, setValues] = useState<FormValues>(initial);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  // One key per filled-in form: a double click or a retry after a timeout declares once.
  const idempotencyKey = useRef(newIdempotencyKey());

  const incoming = useMemo(
    () => new Set((categories.data ?? []).filter((c) => c.direction === "incoming").map((c) => c.code)),
    [categories.data],
  );
  const problems = checkForm(values, todayIso(), incoming, language);
  const unchanged = mode.kind === "amend" && changesNothing(initial, values, language);
  const serverError = submission.error instanceof ApiError ? submission.error : null;

  function errorsFor(field: string, input: string): string[] {
    const local = submitted || touched.has(input) ? problemText(problems, field, t) : [];
    // The server's stable codes are said in the page's language; others keep the server's words.
    const remote = (serverError?.fieldErrors ?? [])
      .filter((error) => error.field === field)
      .map((error) => {
        const key = serverCodeKey(error.code);
        return key === null ? error.detail : t(key);
      });
    return local.length > 0 ? local : remote;
  }

  function failure(): string {
    const code = serverError?.code ?? null;
    const key = code === null ? null : serverCodeKey(code);
    return key === null ? errorMessage(submission.error, t) : t(key);
  }

  function update(event: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) {
    const { name, value } = event.target;
    setValues((current) => ({ ...current, [name]: value }));
    setTouched((current) => new Set(current).add(name));
    setDone(null);
  }

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(problems).length > 0 || unchanged) {
      return;
    }
    // The category comes from the server's own list, so it is one of the schema's codes.
    if (mode.kind === "amend") {
      amend.mutate(
        { id: mode.id, body: toChangesBody(values, language) as DeclarationChanges, key: idempotencyKey.current },
        { onSuccess: mode.onAmended },
      );
      return;
    }
    create.mutate(
      { body: toBody(values, language) as DeclarationInput, key: idempotencyKey.current },
      {
        onSuccess: (declaration) => {
          setDone(declaration.reference);
          setValues(EMPTY_FORM);
          setTouched(new Set());
          setSubmitted(false);
          idempotencyKey.current = newIdempotencyKey();
        },
      },
    );
  }

  const amending = mode.kind === "amend";
  const versions = amending ? { version: mode.version, next: mode.version + 1 } : undefined;
  const selected = categories.data?.find((c) => c.code === values.category);
  return (
    <form className="form declare" onSubmit={submit} noValidate data-testid={amending ? "amend-form" : "declare-form"}>
      <h2>{amending ? t("amend.title", { reference: initial.reference }) : t("declare.title")}</h2>
      <p className="muted">{amending ? t("amend.intro", versions) : t("declare.intro")}</p>
      {done !== null && (
        <p className="declare__done" role="status" data-testid="declare-done">
          {t("declare.done", { reference: done })}
        </p>
      )}
      {submission.isError && serverError?.fieldErrors.length === 0 && (
        <Alert title={amending ? t("amend.failed") : t("declare.failed")}>{failure()}</Alert>
      )}
      <div className="declare__grid">
        <TextField label={t("declare.reference")} name="reference" value={values.reference} onChange={update} errors={errorsFor("reference", "reference")} maxLength={64} readOnly={amending} />
        <SelectField label={t("declare.direction")} name="direction" value={values.direction} onChange={update} errors={errorsFor("direction", "direction")}>
          <option value="outgoing">{label("direction", "outgoing")}</option>
          <option value="incoming">{label("direction", "incoming")}</option>
        </SelectField>
        <SelectField label={t("declare.category")} name="category" value={values.category} onChange={update} errors={errorsFor("category", "category")}>
          <option value="">{t("declare.category.choose")}</option>
          {(categories.data ?? []).map((c) => (
            <option key={c.code} value={c.code}>
              {language === "fr" ? c.label_fr : c.label_en}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("declare.channel")} name="channel" value={values.channel} onChange={update} errors={errorsFor("channel", "channel")}>
          <option value="card">{label("channel", "card")}</option>
          <option value="transfer">{label("channel", "transfer")}</option>
          <option value="other">{label("channel", "other")}</option>
        </SelectField>
        <TextField label={t("declare.amount")} name="amount" value={values.amount} onChange={update} inputMode="decimal" errors={errorsFor("amount.amount", "amount")} />
        <TextField label={t("declare.currency")} name="currency" value={values.currency} onChange={update} maxLength={3} errors={errorsFor("amount.currency", "currency")} />
        <TextField label={t("declare.valueDate")} name="value_date" type="date" value={values.value_date} onChange={update} max={todayIso()} errors={errorsFor("value_date", "value_date")} />
        <TextField label={t("declare.counterpartyName")} name="counterparty_name" value={values.counterparty_name} onChange={update} maxLength={200} errors={errorsFor("counterparty.name", "counterparty_name")} />
        <TextField label={t("declare.counterpartyCountry")} name="counterparty_country" value={values.counterparty_country} onChange={update} maxLength={2} errors={errorsFor("counterparty.country", "counterparty_country")} />
        <TextField label={t("declare.description")} name="description" value={values.description} onChange={update} maxLength={1000} errors={errorsFor("description", "description")} />
        <TextField label={t("declare.performanceDate")} name="service_performance_date" type="date" value={values.service_performance_date} onChange={update} errors={errorsFor("service_performance_date", "service_performance_date")} />
        {values.direction === "incoming" && (
          <TextField label={t("declare.repatriationDate")} name="expected_repatriation_date" type="date" value={values.expected_repatriation_date} onChange={update} errors={errorsFor("expected_repatriation_date", "expected_repatriation_date")} />
        )}
      </div>
      <CategoryHelp category={selected} />
      {submitted && unchanged && (
        <p className="field__errors" role="alert" data-testid="amend-unchanged">
          {t("check.unchanged")}
        </p>
      )}
      <div className="declarations-page__actions">
        <button type="submit" className="button button--primary" disabled={submission.isPending}>
          {submission.isPending
            ? t("declare.submitting")
            : amending
              ? t("amend.submit", versions)
              : t("declare.submit")}
        </button>
        {amending && (
          <button type="button" className="button button--quiet" onClick={mode.onCancel}>
            {t("amend.cancel")}
          </button>
        )}
      </div>
    </form>
  );
}

interface SelectFieldProps {
  label: string;
  name: string;
  value: string;
  onChange: (event: ChangeEvent<HTMLSelectElement>) => void;
  errors: readonly string[];
  children: ReactNode;
}

export function SelectField({ label, name, value, onChange, errors, children }: SelectFieldProps) {
  const id = `select-${name}`;
  const errorId = `${id}-errors`;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        name={name}
        className="field__input"
        value={value}
        onChange={onChange}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={errors.length > 0 ? errorId : undefined}
      >
        {children}
      </select>
      {errors.length > 0 && (
        <ul className="field__errors" id={errorId}>
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
