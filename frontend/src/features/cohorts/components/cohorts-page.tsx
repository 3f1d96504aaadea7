import { useState, type SyntheticEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { useDocumentTitle } from "@/lib/i18n";
import { ApiError } from "@/lib/problem";
import { localName } from "@/lib/names";

import { useActivateCohort, useCloseCohort, useCohorts, useCreateCohort, useProposals } from "../api/cohorts";
import { useCohortsT } from "../messages";

/** The regulators' cohorts page: who trials which proposal, when, and the trial's status. */
export function CohortsPage() {
  const { t, language } = useCohortsT();
  useDocumentTitle("areas.cohorts");
  const cohorts = useCohorts();
  const activate = useActivateCohort();
  const close = useCloseCohort();
  const actionError = activate.error ?? close.error;

  return (
    <article className="cohorts">
      <h1 data-testid="cohorts-title">{t("areas.cohorts")}</h1>
      {cohorts.isPending && <p className="muted">{t("app.loading")}</p>}
      {cohorts.isError && <Alert>{errorMessage(cohorts.error, t)}</Alert>}
      {actionError !== null && <Alert>{errorMessage(actionError, t)}</Alert>}
      {cohorts.isSuccess &&
        (cohorts.data.results.length === 0 ? (
          <p>{t("cohorts.empty")}</p>
        ) : (
          <table className="rulebooks-table" data-testid="cohorts-table">
            <thead>
              <tr>
                <th scope="col">{t("cohorts.name")}</th>
                <th scope="col">{t("cohorts.window")}</th>
                <th scope="col">{t("cohorts.proposal")}</th>
                <th scope="col">{t("cohorts.participants")}</th>
                <th scope="col">{t("cohorts.status")}</th>
                <th scope="col">{t("cohorts.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {cohorts.data.results.map((cohort) => (
                <tr key={cohort.id}>
                  <td>{cohort.name}</td>
                  <td>
                    {cohort.starts_on} → {cohort.ends_on}
                  </td>
                  <td>
                    {localName(cohort.proposed_version.rulebook, language)} v{cohort.proposed_version.number}
                  </td>
                  <td>{cohort.participants.map((participant) => participant.name).join(", ") || "—"}</td>
                  <td>{t(`cohorts.status.${cohort.status}`)}</td>
                  <td>
                    {cohort.status === "planned" && (
                      <button
                        type="button"
                        className="button"
                        onClick={() => {
                          activate.mutate(cohort.id);
                        }}
                      >
                        {t("cohorts.activate")}
                      </button>
                    )}
                    {cohort.status === "active" && (
                      <button
                        type="button"
                        className="button button--quiet"
                        onClick={() => {
                          close.mutate(cohort.id);
                        }}
                      >
                        {t("cohorts.close")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      <CohortForm />
    </article>
  );
}

function CohortForm() {
  const { t, language } = useCohortsT();
  const proposals = useProposals();
  const create = useCreateCohort();
  const [name, setName] = useState("");
  const [startsOn, setStartsOn] = useState("");
  const [endsOn, setEndsOn] = useState("");
  const [proposal, setProposal] = useState("");

  function submit(event: SyntheticEvent) {
    event.preventDefault();
    // The default policy (issue 5, item 6); a policy can be changed later through the API.
    create.mutate({
      name,
      starts_on: startsOn,
      ends_on: endsOn,
      proposed_version: proposal,
      flag_policy: "governing_only",
    });
  }

  return (
    <form className="panel" onSubmit={submit} data-testid="cohort-form">
      <h2 className="panel__title">{t("cohorts.create.title")}</h2>
      <label>
        {t("cohorts.name")}
        <input
          value={name}
          required
          onChange={(event) => {
            setName(event.target.value);
          }}
        />
      </label>
      <label>
        {t("cohorts.startsOn")}
        <input
          type="date"
          value={startsOn}
          required
          onChange={(event) => {
            setStartsOn(event.target.value);
          }}
        />
      </label>
      <label>
        {t("cohorts.endsOn")}
        <input
          type="date"
          value={endsOn}
          required
          onChange={(event) => {
            setEndsOn(event.target.value);
          }}
        />
      </label>
      <label>
        {t("cohorts.proposal")}
        <select
          value={proposal}
          required
          onChange={(event) => {
            setProposal(event.target.value);
          }}
        >
          <option value="">—</option>
          {proposals.data?.results.map((version) => (
            <option key={version.id} value={version.id}>
              {localName(version.rulebook, language)} v{version.number}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button button--primary" disabled={create.isPending}>
        {t("cohorts.create.submit")}
      </button>
      {create.isError && <Alert>{errorMessage(create.error, t)}</Alert>}
      {create.error instanceof ApiError &&
        create.error.fieldErrors.map((error) => (
          <p key={error.pointer} className="muted">
            {error.field}: {error.detail}
          </p>
        ))}
    </form>
  );
}
