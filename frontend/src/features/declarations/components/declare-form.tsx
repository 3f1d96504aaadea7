import { useMemo, useRef, useState, type ChangeEvent, type SubmitEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { TextField } from "@/components/ui/text-field";
import { errorMessage } from "@/lib/error-message";
import { todayIso } from "@/lib/format";
import type { Translate } from "@/lib/i18n";
import { ApiError } from "@/lib/problem";

import {
  newIdempotencyKey,
  useAmendDeclaration,
  useCategories,
  useCreateDeclaration,
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
import { PaymentFields } from "./payment-fields";

function problemText(problems: FieldProblems, field: string, t: Translate<DeclarationsMessageKey>): string[] {
  const problem = problems[field];
  if (problem === undefined) {
    return [];
  }
  return [typeof problem === "string" ? t(problem) : t(problem[0], problem[1])];
}

/** The form declares a new payment; `onCreated` opens it. */
export interface CreateMode {
  kind: "create";
  onCreated?: (created: DeclarationDetail) => void;
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
 * "Declare a payment", or amend one: checks as you type, says back what will be recorded, then
 * the server's answer per field. An amendment keeps the reference, so it is shown but not editable.
 */
export function DeclareForm({ initial = EMPTY_FORM, mode = CREATE }: Props) {
  const { t, language } = useDeclarationsT();
  const categories = useCategories();
  const create = useCreateDeclaration();
  const amend = useAmendDeclaration();
  const submission = mode.kind === "amend" ? amend : create;
  const [values, setValues] = useState<FormValues>(initial);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
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

  function pick(name: keyof FormValues, value: string) {
    setValues((current) => ({ ...current, [name]: value }));
    setTouched((current) => new Set(current).add(name));
  }

  function update(event: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) {
    pick(event.target.name as keyof FormValues, event.target.value);
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
          setValues(EMPTY_FORM);
          setTouched(new Set());
          setSubmitted(false);
          idempotencyKey.current = newIdempotencyKey();
          mode.onCreated?.(declaration);
        },
      },
    );
  }

  const amending = mode.kind === "amend";
  const versions = amending ? { version: mode.version, next: mode.version + 1 } : undefined;
  return (
    <form className="form declare" onSubmit={submit} noValidate data-testid={amending ? "amend-form" : "declare-form"}>
      <h2>{amending ? t("amend.title", { reference: initial.reference }) : t("declare.title")}</h2>
      <p className="muted">{amending ? t("amend.intro", versions) : t("declare.intro")}</p>
      {submission.isError && serverError?.fieldErrors.length === 0 && (
        <Alert title={amending ? t("amend.failed") : t("declare.failed")}>{failure()}</Alert>
      )}
      <div className="declare__grid">
        <TextField
          label={t("declare.reference")}
          name="reference"
          value={values.reference}
          onChange={update}
          errors={errorsFor("reference", "reference")}
          maxLength={64}
          readOnly={amending}
        />
        <PaymentFields values={values} onChange={update} onPick={pick} errorsFor={errorsFor} />
        <TextField
          label={t("declare.description")}
          name="description"
          value={values.description}
          onChange={update}
          maxLength={1000}
          errors={errorsFor("description", "description")}
        />
        <TextField
          label={t("declare.performanceDate")}
          name="service_performance_date"
          type="date"
          value={values.service_performance_date}
          onChange={update}
          errors={errorsFor("service_performance_date", "service_performance_date")}
        />
        {values.direction === "incoming" && (
          <TextField
            label={t("declare.repatriationDate")}
            name="expected_repatriation_date"
            type="date"
            value={values.expected_repatriation_date}
            onChange={update}
            errors={errorsFor("expected_repatriation_date", "expected_repatriation_date")}
          />
        )}
      </div>
      {submitted && unchanged && (
        <p className="field__errors" role="alert" data-testid="amend-unchanged">
          {t("check.unchanged")}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={submission.isPending}>
          {submission.isPending ? t("declare.submitting") : amending ? t("amend.submit", versions) : t("declare.submit")}
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
