import { useId, useState, type SyntheticEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { useConfirm } from "@/components/ui/use-confirm";
import { errorMessage } from "@/lib/error-message";
import { formatDateLong } from "@/lib/format";
import { useCodeLabel, useDocumentTitle } from "@/lib/i18n";
import { localName } from "@/lib/names";

import {
  useActivateCohort,
  useCloseCohort,
  useCohorts,
  useCreateCohort,
  useProposals,
  type Cohort,
} from "../api/cohorts";
import { useCohortsT } from "../messages";
import "../cohorts.css";

const STATUS_TONE: Readonly<Record<Cohort["status"], string>> = {
  planned: "badge--neutral",
  active: "badge--ok",
  closed: "badge--neutral",
};

/** The regulators' cohorts page: who trials which proposal, when, and the trial's status. */
export function CohortsPage() {
  const { t } = useCohortsT();
  useDocumentTitle("areas.cohorts");
  const cohorts = useCohorts();

  return (
    <article className="page cohorts">
      <h1 data-testid="cohorts-title">{t("areas.cohorts")}</h1>
      <p className="muted">{t("cohorts.intro")}</p>
      {cohorts.isPending && (
        <p className="state state--loading" role="status">
          {t("app.loading")}
        </p>
      )}
      {cohorts.isError && <Alert>{errorMessage(cohorts.error, t)}</Alert>}
      {cohorts.isSuccess &&
        (cohorts.data.results.length === 0 ? (
          <p className="state state--empty">{t("cohorts.empty")}</p>
        ) : (
          <ul className="cohorts__list" data-testid="cohorts-table">
            {cohorts.data.results.map((cohort) => (
              <CohortCard key={cohort.id} cohort={cohort} />
            ))}
          </ul>
        ))}
      <CohortForm />
    </article>
  );
}

function CohortCard({ cohort }: { cohort: Cohort }) {
  const { t, language } = useCohortsT();
  const label = useCodeLabel();
  const activate = useActivateCohort();
  const close = useCloseCohort();
  const { confirm, dialog } = useConfirm();
  const titleId = useId();
  const error = activate.error ?? close.error;
  const period = {
    start: formatDateLong(cohort.starts_on, language),
    end: formatDateLong(cohort.ends_on, language),
  };
  const proposal = `${localName(cohort.proposed_version.rulebook, language)} v${cohort.proposed_version.number}`;

  return (
    <li className="panel cohort" aria-labelledby={titleId} data-testid={`cohort-${cohort.name}`}>
      <h2 id={titleId} className="panel__title">
        {cohort.name}{" "}
        <span className={`badge ${STATUS_TONE[cohort.status]}`} data-testid="cohort-status">
          {label("cohortStatus", cohort.status)}
        </span>
      </h2>
      <dl className="cohort__facts">
        <dt>{t("cohorts.window")}</dt>
        <dd>{t("cohorts.windowValue", period)}</dd>
        <dt>{t("cohorts.proposal")}</dt>
        <dd>{proposal}</dd>
        <dt>{t("cohorts.participants")}</dt>
        <dd>
          {cohort.participants.length === 0 ? (
            t("cohorts.noParticipant")
          ) : (
            <details>
              <summary>{t("cohorts.participantCount", { count: cohort.participants.length })}</summary>
              <ul className="cohort__participants">
                {cohort.participants.map((participant) => (
                  <li key={participant.id}>{participant.name}</li>
                ))}
              </ul>
            </details>
          )}
        </dd>
      </dl>
      {cohort.status === "planned" && (
        <button
          type="button"
          className="button"
          disabled={activate.isPending}
          onClick={() => {
            confirm(
              {
                title: t("cohorts.activateTitle", { name: cohort.name }),
                body: <p>{t("cohorts.activateBody", { proposal, ...period })}</p>,
                confirmLabel: t("cohorts.activate"),
              },
              () => {
                activate.mutate(cohort.id);
              },
            );
          }}
        >
          {t("cohorts.activate")}
        </button>
      )}
      {cohort.status === "active" && (
        <button
          type="button"
          className="button button--quiet"
          disabled={close.isPending}
          onClick={() => {
            confirm(
              {
                title: t("cohorts.closeTitle", { name: cohort.name }),
                body: (
                  <p>
                    {t("cohorts.closeBody", { count: cohort.participants.length })} {t("confirm.irreversible")}
                  </p>
                ),
                confirmLabel: t("cohorts.close"),
                danger: true,
              },
              () => {
                close.mutate(cohort.id);
              },
            );
          }}
        >
          {t("cohorts.close")}
        </button>
      )}
      {error !== null && <Alert>{errorMessage(error, t)}</Alert>}
      {dialog}
    </li>
  );
}

function CohortForm() {
  const { t, language } = useCohortsT();
  const proposals = useProposals();
  const create = useCreateCohort();
  const id = useId();
  const [name, setName] = useState("");
  const [startsOn, setStartsOn] = useState("");
  const [endsOn, setEndsOn] = useState("");
  const [proposal, setProposal] = useState("");

  function submit(event: SyntheticEvent) {
    event.preventDefault();
    // The default policy (issue 5, item 6); a policy can be changed later through the API.
    create.mutate(
      { name, starts_on: startsOn, ends_on: endsOn, proposed_version: proposal, flag_policy: "governing_only" },
      {
        onSuccess: () => {
          setName("");
          setStartsOn("");
          setEndsOn("");
        },
      },
    );
  }

  return (
    <form className="panel form" onSubmit={submit} data-testid="cohort-form" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="panel__title">
        {t("cohorts.create.title")}
      </h2>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-name`}>
          {t("cohorts.name")}
        </label>
        <input
          id={`${id}-name`}
          className="field__input"
          value={name}
          required
          onChange={(event) => {
            setName(event.target.value);
          }}
        />
      </div>
      <div className="cohort-form__dates">
        <div className="field">
          <label className="field__label" htmlFor={`${id}-start`}>
            {t("cohorts.startsOn")}
          </label>
          <input
            id={`${id}-start`}
            className="field__input"
            type="date"
            value={startsOn}
            required
            onChange={(event) => {
              setStartsOn(event.target.value);
            }}
          />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-end`}>
            {t("cohorts.endsOn")}
          </label>
          <input
            id={`${id}-end`}
            className="field__input"
            type="date"
            value={endsOn}
            min={startsOn || undefined}
            required
            onChange={(event) => {
              setEndsOn(event.target.value);
            }}
          />
        </div>
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-proposal`}>
          {t("cohorts.proposal")}
        </label>
        <select
          id={`${id}-proposal`}
          className="field__input"
          value={proposal}
          required
          onChange={(event) => {
            setProposal(event.target.value);
          }}
        >
          <option value="">{t("cohorts.chooseProposal")}</option>
          {proposals.data?.results.map((version) => (
            <option key={version.id} value={version.id}>
              {localName(version.rulebook, language)} v{version.number}
            </option>
          ))}
        </select>
      </div>
      <div>
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {t("cohorts.create.submit")}
        </button>
      </div>
      {create.isSuccess && (
        <p role="status" data-testid="cohort-created">
          {t("cohorts.created", { name: create.data.name })}
        </p>
      )}
      {create.isError && <Alert>{errorMessage(create.error, t)}</Alert>}
    </form>
  );
}
