import { useId, useState, type InputHTMLAttributes, type ReactNode, type SyntheticEvent } from "react";

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

const FIELD_ID: Readonly<Record<DraftField, string>> = { value: "value", asOf: "as-of", source: "source" };

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

  /** What every text or date input of the draft shares: its id, value, change and problems. */
  function inputOf(field: DraftField): DraftInputBinding {
    return {
      id: `${id}-${FIELD_ID[field]}`,
      value: draft[field],
      errors: errorsFor(field),
      onValue: (value) => {
        update({ [field]: value });
      },
    };
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
        <DraftInput
          {...inputOf("value")}
          label={t("form.amount")}
          hint={t("form.amountHint")}
          className="fact-form__amount"
          inputMode="decimal"
          autoComplete="off"
        />
      )}
      {showValue && (kind === "labelled" || kind === "date") && (
        <DraftInput
          {...inputOf("value")}
          label={t(kind === "labelled" ? "form.labelledOn" : "form.incorporatedOn")}
          type="date"
          max={today}
        />
      )}
      {draftKnown(draft) ? (
        <div className="fact-form__source">
          <DraftInput {...inputOf("asOf")} label={t("form.asOf")} type="date" max={today} />
          <DraftInput
            {...inputOf("source")}
            label={t("form.source")}
            hint={t("form.sourceHint")}
            maxLength={SOURCE_MAX_LENGTH}
          />
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

interface DraftInputBinding {
  id: string;
  value: string;
  errors: readonly string[];
  onValue: (value: string) => void;
}

type DraftInputProps = DraftInputBinding &
  Pick<InputHTMLAttributes<HTMLInputElement>, "type" | "max" | "maxLength" | "inputMode" | "autoComplete"> & {
    label: string;
    hint?: string;
    /** A class added to `field__input`. */
    className?: string;
  };

/** One text or date input of the draft, in its labelled field. */
function DraftInput({ id, value, errors, onValue, label, hint, className, ...input }: DraftInputProps) {
  return (
    <Field id={id} label={label} hint={hint} errors={errors}>
      {(props) => (
        <input
          {...props}
          {...input}
          className={className === undefined ? "field__input" : `field__input ${className}`}
          value={value}
          onChange={(event) => {
            onValue(event.target.value);
          }}
        />
      )}
    </Field>
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
