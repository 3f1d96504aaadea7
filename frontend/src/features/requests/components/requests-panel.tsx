import { useState, type SubmitEvent } from "react";

import { Link } from "react-router";

import { Alert } from "@/components/ui/alert";
import { QueryState } from "@/components/ui/query-state";
import { errorMessage } from "@/lib/error-message";
import { formatDateTime } from "@/lib/format";
import { useCodeLabel } from "@/lib/i18n";

import { useAnswer, useDecisions, useOpenRequests, type StartupRequest } from "../api/requests";
import { useRequestsT } from "../messages";

/** The startup home's panels: what the regulator asks of it (with an answer form), and every
 * decision taken on its flagged payments, newest first. */
export function RequestsPanel() {
  const { t, language } = useRequestsT();
  const label = useCodeLabel();
  const open = useOpenRequests();
  const decisions = useDecisions();
  return (
    <>
      <section className="panel" aria-labelledby="requests-title" data-testid="requests-panel">
        <h2 id="requests-title" className="panel__title">
          {t("panel.title")}
        </h2>
        <QueryState
          query={open}
          loading={t("panel.loading")}
          isEmpty={(data) => data.results.length === 0}
          empty={<p>{t("panel.none")}</p>}
        >
          {(data) => (
            <ul className="panel__list">
              {data.results.map((request) => (
                <li key={request.id}>
                  <AnswerForm request={request} />
                </li>
              ))}
            </ul>
          )}
        </QueryState>
      </section>
      <section className="panel" aria-labelledby="decisions-title" data-testid="decisions-panel">
        <h2 id="decisions-title" className="panel__title">
          {t("decisions.title")}
        </h2>
        <QueryState
          query={{ ...decisions, data: decisions.data?.pages }}
          loading={t("decisions.loading")}
          isEmpty={(pages) => pages.every((page) => page.results.length === 0)}
          empty={<p>{t("decisions.none")}</p>}
        >
          {(pages) => (
            <ul className="panel__list decisions">
              {pages
                .flatMap((page) => page.results)
                .map((c) => (
                  <li key={c.id} data-testid={`decision-${c.declaration.reference}`}>
                    <Link to={`/startup/declarations?declaration=${c.declaration.id}`}>{c.declaration.reference}</Link>
                    {" — "}
                    <strong>{label("caseOutcome", c.outcome)}</strong>
                    {c.decided_at !== null && (
                      <span className="muted">
                        {" "}
                        {t("decisions.by", {
                          user: c.decided_by ?? "—",
                          date: formatDateTime(c.decided_at, language),
                        })}
                      </span>
                    )}
                  </li>
                ))}
            </ul>
          )}
        </QueryState>
        {decisions.hasNextPage && (
          <button
            type="button"
            className="button button--quiet"
            disabled={decisions.isFetchingNextPage}
            onClick={() => void decisions.fetchNextPage()}
          >
            {t("decisions.more")}
          </button>
        )}
      </section>
    </>
  );
}

/** On a declaration's page: the regulator's open requests about it, each with an answer form. */
export function DeclarationRequests({ declarationId }: { declarationId: string }) {
  const { t } = useRequestsT();
  const open = useOpenRequests(declarationId);
  const requests = open.data?.results ?? [];
  if (requests.length === 0 && !open.error) {
    return null;
  }
  return (
    <section className="panel" aria-labelledby="declaration-requests-title" data-testid="declaration-requests">
      <h4 id="declaration-requests-title">{t("declaration.title")}</h4>
      {open.error && <Alert>{errorMessage(open.error, t)}</Alert>}
      <ul className="panel__list">
        {requests.map((request) => (
          <li key={request.id}>
            <AnswerForm request={request} />
          </li>
        ))}
      </ul>
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
        {t("panel.request", { kind: t(`panel.kind.${request.kind}`), message: request.message })}
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
