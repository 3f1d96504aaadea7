import { useId, useState, type ReactNode, type SyntheticEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { todayIso } from "@/lib/format";
import { useCodeLabel } from "@/lib/i18n";
import { ApiError } from "@/lib/problem";

import { useChangeFacts, type FactName, type Participant } from "../api/participants";
import {
  checkDraft,
  CLUSTERS,
  draftKnown,
  draftOf,
  fieldOfPointer,
  kindOf,
  SOURCE_MAX_LENGTH,
  statesOf,
  toChange,
  type DraftField,
  type FactDraft,
  type FactState,
} from "../lib/facts";
import { serverCodeKey, useParticipantsT, type ParticipantsMessageKey } from "../messages";

const STATE_LABEL: Readonly<Record<FactState, ParticipantsMessageKey>> = {
  yes: "state.yes",
  no: "state.no",
  known: "state.known",
  unknown: "state.unknown",
};

interface Props {
  participant: Participant;
  fact: FactName;
  /** The fact's label, as its heading shows it. */
  name: string;
  onCancel: () => void;
  onSaved: () => void;
}

/**
 * Changes one fact: known (yes, no, or a value) or unknown; a known fact needs the day it is
 * known as of and its source. Checked here as the server would, then sent; the server's own
 * refusals are said beside the field they are about.
 */
export function FactForm({ participant, fact, name, onCancel, onSaved }: Props) {
  const { t, language } = useParticipantsT();
  const label = useCodeLabel();
  const id = useId();
  const change = useChangeFacts(participant.id);
  const [draft, setDraft] = useState<FactDraft>(() => draftOf(participant, fact, language));
  const [submitted, setSubmitted] = useState(false);
  const today = todayIso();
  const kind = kindOf(fact);
  const problems = checkDraft(fact, draft, language, today);
  const serverError = change.error instanceof ApiError ? change.error : null;
  const located = (serverError?.fieldErrors ?? []).map((error) => ({ error, field: fieldOfPointer(fact, error.pointer) }));

  function say(code: string, detail: string): string {
    const key = serverCodeKey(code);
    return key === null ? detail : t(key);
  }

  function errorsFor(field: DraftField): string[] {
    const local = problems[field];
    if (submitted && local !== undefined) {
      return [t(local)];
    }
    return located.filter((entry) => entry.field === field).map(({ error }) => say(error.code, error.detail));
  }

  const formErrors = located.filter((entry) => entry.field === null).map(({ error }) => say(error.code, error.detail));

  function update(patch: Partial<FactDraft>) {
    setDraft((current) => ({ ...current, ...patch }));
    change.reset();
  }

  function submit(event: SyntheticEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(problems).length > 0) {
      return;
    }
    change.mutate(toChange(fact, draft, language), { onSuccess: onSaved });
  }

  const showValue = kind === "labelled" ? draft.state === "yes" : kind !== "boolean" && draft.state === "known";

  return (
    <form className="fact-form" onSubmit={submit} noValidate data-testid={`fact-form-${fact}`} aria-label={name}>
      <fieldset className="fact-form__states">
        <legend className="field__label">{t("form.state")}</legend>
        {statesOf(kind).map((state) => (
          <label key={state} className="field--inline">
            <input
              type="radio"
              name={`${id}-state`}
              value={state}
              checked={draft.state === state}
              onChange={() => {
                update({ state });
              }}
            />
            <span>{t(STATE_LABEL[state])}</span>
          </label>
        ))}
      </fieldset>
      {showValue && kind === "cluster" && (
        <Field id={`${id}-value`} label={t("form.cluster")} errors={errorsFor("value")}>
          {(props) => (
            <select
              {...props}
              className="field__input"
              value={draft.value}
              onChange={(event) => {
                update({ value: event.target.value });
              }}
            >
              <option value="">{t("form.chooseCluster")}</option>
              {CLUSTERS.map((code) => (
                <option key={code} value={code}>
                  {label("cluster", code)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {showValue && kind === "amount" && (
        <Field id={`${id}-value`} label={t("form.amount")} hint={t("form.amountHint")} errors={errorsFor("value")}>
          {(props) => (
            <input
              {...props}
              className="field__input fact-form__amount"
              inputMode="decimal"
              autoComplete="off"
              value={draft.value}
              onChange={(event) => {
                update({ value: event.target.value });
              }}
            />
          )}
        </Field>
      )}
      {showValue && (kind === "labelled" || kind === "date") && (
        <Field
          id={`${id}-value`}
          label={t(kind === "labelled" ? "form.labelledOn" : "form.incorporatedOn")}
          errors={errorsFor("value")}
        >
          {(props) => (
            <input
              {...props}
              className="field__input"
              type="date"
              max={today}
              value={draft.value}
              onChange={(event) => {
                update({ value: event.target.value });
              }}
            />
          )}
        </Field>
      )}
      {draftKnown(draft) ? (
        <div className="fact-form__source">
          <Field id={`${id}-as-of`} label={t("form.asOf")} errors={errorsFor("asOf")}>
            {(props) => (
              <input
                {...props}
                className="field__input"
                type="date"
                max={today}
                value={draft.asOf}
                onChange={(event) => {
                  update({ asOf: event.target.value });
                }}
              />
            )}
          </Field>
          <Field id={`${id}-source`} label={t("form.source")} hint={t("form.sourceHint")} errors={errorsFor("source")}>
            {(props) => (
              <input
                {...props}
                className="field__input"
                maxLength={SOURCE_MAX_LENGTH}
                value={draft.source}
                onChange={(event) => {
                  update({ source: event.target.value });
                }}
              />
            )}
          </Field>
        </div>
      ) : (
        <p className="field__hint">{t("form.unknownNote")}</p>
      )}
      {formErrors.length > 0 && (
        <Alert>
          {formErrors.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </Alert>
      )}
      {change.isError && located.length === 0 && <Alert>{errorMessage(change.error, t)}</Alert>}
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={change.isPending}>
          {t(change.isPending ? "form.saving" : "form.submit")}
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel}>
          {t("form.cancel")}
        </button>
      </div>
    </form>
  );
}

interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  errors: readonly string[];
  children: (props: { id: string; "aria-invalid"?: true; "aria-describedby"?: string; required: true }) => ReactNode;
}

/** A labelled control with its hint and its problems, linked for assistive technology. */
function Field({ id, label, hint, errors, children }: FieldProps) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-errors`;
  const invalid = errors.length > 0;
  const describedBy = [hint === undefined ? null : hintId, invalid ? errorId : null].filter((x) => x !== null).join(" ");
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children({
        id,
        required: true,
        ...(invalid ? { "aria-invalid": true } : {}),
        ...(describedBy === "" ? {} : { "aria-describedby": describedBy }),
      })}
      {hint !== undefined && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {invalid && (
        <ul className="field__errors" id={errorId}>
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
