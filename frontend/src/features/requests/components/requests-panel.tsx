import { useState, type SubmitEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { formatDateTime } from "@/lib/format";
import { useCodeLabel } from "@/lib/i18n";

import { useAnswer, useMyCases, useOpenRequests, type StartupRequest } from "../api/requests";
import { useRequestsT } from "../messages";

/** The startup home's panel: what the regulator asks of it (with an answer form), and the
 * decisions taken on its flagged payments. */
export function RequestsPanel() {
  const { t } = useRequestsT();
  const label = useCodeLabel();
  const open = useOpenRequests();
  const cases = useMyCases();
  const decided = (cases.data?.results ?? []).filter((c) => c.outcome !== "");
  return (
    <>
      <section className="panel" aria-labelledby="requests-title" data-testid="requests-panel">
        <h2 id="requests-title" className="panel__title">
          {t("panel.title")}
        </h2>
        {open.error && <Alert>{errorMessage(open.error, t)}</Alert>}
        {(open.data?.results ?? []).length === 0 ? (
          <p>{t("panel.none")}</p>
        ) : (
          <ul className="panel__list">
            {(open.data?.results ?? []).map((request) => (
              <li key={request.id}>
                <AnswerForm request={request} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="decisions-title" data-testid="decisions-panel">
        <h2 id="decisions-title" className="panel__title">
          {t("decisions.title")}
        </h2>
        {decided.length === 0 ? (
          <p>{t("decisions.none")}</p>
        ) : (
          <ul className="panel__list">
            {decided.map((c) => (
              <li key={c.id} data-testid={`decision-${c.declaration.reference}`}>
                {c.declaration.reference} : {label("caseOutcome", c.outcome)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** On a declaration's page: the regulator's open requests about it, and its case's outcome. */
export function DeclarationRequests({ declarationId }: { declarationId: string }) {
  const { t } = useRequestsT();
  const label = useCodeLabel();
  const open = useOpenRequests(declarationId);
  const cases = useMyCases();
  const requests = open.data?.results ?? [];
  const decided = (cases.data?.results ?? []).filter((c) => c.declaration.id === declarationId && c.outcome !== "");
  if (requests.length === 0 && decided.length === 0 && !open.error) {
    return null;
  }
  return (
    <section className="panel" aria-labelledby="declaration-requests-title" data-testid="declaration-requests">
      <h4 id="declaration-requests-title">{t("declaration.title")}</h4>
      {open.error && <Alert>{errorMessage(open.error, t)}</Alert>}
      {requests.length > 0 && (
        <ul className="panel__list">
          {requests.map((request) => (
            <li key={request.id}>
              <AnswerForm request={request} />
            </li>
          ))}
        </ul>
      )}
      {decided.map((c) => (
        <p key={c.id} data-testid="declaration-outcome">
          {label("caseOutcome", c.outcome)}
        </p>
      ))}
    </section>
  );
}

function AnswerForm({ request }: { request: StartupRequest }) {
  const { t, language } = useRequestsT();
  const answer = useAnswer();
  const [text, setText] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const asked = formatDateTime(request.asked_at, language);
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    answer.mutate({ request, text, files });
  }
  return (
    <form className="form" onSubmit={submit} data-testid={`request-${request.declaration.reference}`}>
      <p>
        <strong>{t("panel.about", { reference: request.declaration.reference, date: asked })}</strong>
      </p>
      <p>
        {t(`panel.kind.${request.kind}`)} : {request.message}
      </p>
      <label className="field">
        <span className="field__label">{t("panel.answer")}</span>
        <textarea className="field__input" value={text} onChange={(e) => { setText(e.target.value); }} />
      </label>
      <label className="field">
        <span className="field__label">{t("panel.files")}</span>
        <input
          className="field__input"
          type="file"
          multiple
          accept="application/pdf,image/png,image/jpeg"
          onChange={(e) => { setFiles(Array.from(e.target.files ?? [])); }}
        />
      </label>
      {answer.error && <Alert>{errorMessage(answer.error, t)}</Alert>}
      <button type="submit" className="button button--primary" disabled={answer.isPending}>
        {t("panel.send")}
      </button>
    </form>
  );
}
