import { useState, type SubmitEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { useI18n } from "@/lib/i18n";

import { useAnswer, useMyCases, useOpenRequests, type StartupRequest } from "../api/requests";
import { useRequestsT, type RequestsMessageKey } from "../lib";

/** The startup home's panel: what the regulator asks of it (with an answer form), and the
 * decisions taken on its flagged payments. */
export function RequestsPanel() {
  const { t } = useI18n();
  const { r } = useRequestsT();
  const open = useOpenRequests();
  const cases = useMyCases();
  const decided = (cases.data?.results ?? []).filter((c) => c.outcome !== "");
  return (
    <>
      <section className="panel" aria-labelledby="requests-title" data-testid="requests-panel">
        <h2 id="requests-title" className="panel__title">
          {r("panel.title")}
        </h2>
        {open.error && <Alert>{errorMessage(open.error, t)}</Alert>}
        {(open.data?.results ?? []).length === 0 ? (
          <p>{r("panel.none")}</p>
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
          {r("decisions.title")}
        </h2>
        {decided.length === 0 ? (
          <p>{r("decisions.none")}</p>
        ) : (
          <ul className="panel__list">
            {decided.map((c) => (
              <li key={c.id} data-testid={`decision-${c.declaration.reference}`}>
                {c.declaration.reference} : {r(`outcome.${c.outcome}` as RequestsMessageKey)}
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
  const { t } = useI18n();
  const { r } = useRequestsT();
  const open = useOpenRequests(declarationId);
  const cases = useMyCases();
  const requests = open.data?.results ?? [];
  const decided = (cases.data?.results ?? []).filter((c) => c.declaration.id === declarationId && c.outcome !== "");
  if (requests.length === 0 && decided.length === 0 && !open.error) {
    return null;
  }
  return (
    <section className="panel" aria-labelledby="declaration-requests-title" data-testid="declaration-requests">
      <h4 id="declaration-requests-title">{r("declaration.title")}</h4>
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
          {r(`outcome.${c.outcome}` as RequestsMessageKey)}
        </p>
      ))}
    </section>
  );
}

function AnswerForm({ request }: { request: StartupRequest }) {
  const { t } = useI18n();
  const { r, language } = useRequestsT();
  const answer = useAnswer();
  const [text, setText] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const asked = new Intl.DateTimeFormat(language === "fr" ? "fr-MA" : "en-GB", { dateStyle: "medium" }).format(
    new Date(request.asked_at),
  );
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    answer.mutate({ request, text, files });
  }
  return (
    <form className="form" onSubmit={submit} data-testid={`request-${request.declaration.reference}`}>
      <p>
        <strong>{r("panel.about", { reference: request.declaration.reference, date: asked })}</strong>
      </p>
      <p>
        {r(`panel.kind.${request.kind}`)} : {request.message}
      </p>
      <label className="field">
        <span className="field__label">{r("panel.answer")}</span>
        <textarea className="field__input" value={text} onChange={(e) => { setText(e.target.value); }} />
      </label>
      <label className="field">
        <span className="field__label">{r("panel.files")}</span>
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
        {r("panel.send")}
      </button>
    </form>
  );
}
