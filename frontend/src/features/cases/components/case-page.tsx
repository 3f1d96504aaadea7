import { useState, type SubmitEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { useCodeLabel } from "@/lib/i18n";
import { ApiError } from "@/lib/problem";

import { useCase, useCaseChange, useReviewers, type CaseChange, type CaseDetail, type Outcome } from "../api/cases";
import { formatDateTime, formatMad } from "@/lib/format";
import { useCasesT } from "../messages";
import { CaseBadges } from "./case-badges";

const OUTCOMES: readonly Outcome[] = ["cleared", "breach_confirmed", "allowed_under_sandbox", "escalated"];

/** One case: summary, declaration with conversion and rate provenance, findings under both
 * rulebooks side by side, requests, internal notes, the decision and request forms, timeline. */
export function CasePage({ caseId, onBack }: { caseId: string; onBack: () => void }) {
  const { t } = useCasesT();
  const label = useCodeLabel();
  const detail = useCase(caseId);
  const change = useCaseChange(caseId);

  if (detail.error) {
    return <Alert>{errorMessage(detail.error, t)}</Alert>;
  }
  if (!detail.data) {
    return <p aria-busy="true">…</p>;
  }
  const kase = detail.data;
  const run = (next: CaseChange, onDone?: () => void) => { change.mutate({ etag: kase.etag, change: next }, { onSuccess: () => onDone?.() }); };
  const stale = change.error instanceof ApiError && change.error.status === 412;

  return (
    <article className="case-page" data-testid="case-page">
      <button type="button" className="button button--quiet" onClick={onBack}>
        ← {t("case.back")}
      </button>
      <h1>{t("case.title", { reference: kase.declaration.reference })}</h1>
      <CaseBadges state={kase.state} priority={kase.priority} overdue={kase.overdue} outcome={kase.outcome} />
      {change.error && (
        <Alert testId="case-error">{stale ? t("case.stale") : errorMessage(change.error, t)}</Alert>
      )}
      <Summary kase={kase} run={run} busy={change.isPending} />
      <Declaration kase={kase} />
      <Findings kase={kase} />
      <Requests kase={kase} />
      {kase.allowed_actions.includes("request") && <RequestForm run={run} busy={change.isPending} />}
      {kase.allowed_actions.includes("decide") && <DecisionForm run={run} busy={change.isPending} />}
      {kase.outcome !== "" && (
        <section className="panel" aria-labelledby="decision-title">
          <h2 id="decision-title">{t("case.decision")}</h2>
          <p data-testid="case-decision">
            {label("caseOutcome", kase.outcome)} — {kase.rationale}
          </p>
          {kase.waiver_evidence && <p>{kase.waiver_evidence}</p>}
        </section>
      )}
      <Notes kase={kase} run={run} busy={change.isPending} />
      <Timeline kase={kase} />
    </article>
  );
}

type Run = (next: CaseChange, onDone?: () => void) => void;

function Summary({ kase, run, busy }: { kase: CaseDetail; run: Run; busy: boolean }) {
  const { t, language } = useCasesT();
  const reviewers = useReviewers();
  const [assignee, setAssignee] = useState(kase.assignee?.id ?? "");
  const [reason, setReason] = useState("");
  const actions = kase.allowed_actions;
  return (
    <section className="panel" aria-labelledby="summary-title">
      <h2 id="summary-title">{t("case.summary")}</h2>
      <p>
        {kase.participant.name} · {formatMad(kase.amount_mad.amount, language)} · {kase.rules.join(", ")} ·{" "}
        {t("case.due", { date: formatDateTime(kase.due_at, language) })}
      </p>
      <p data-testid="case-assignee">
        {t("queue.assignee")} : {kase.assignee?.username ?? t("case.unassigned")}
      </p>
      <div className="cases-toolbar">
        <label className="field">
          <span className="field__label">{t("case.assignTo")}</span>
          <select
            className="field__input"
            data-testid="case-assign-select"
            value={assignee}
            onChange={(e) => { setAssignee(e.target.value); }}
          >
            <option value="">{t("case.unassigned")}</option>
            {(reviewers.data ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => { run({ kind: "assign", assignee: assignee === "" ? null : assignee }); }}
        >
          {t("case.assign")}
        </button>
        {actions.includes("start_review") && (
          <button type="button" className="button button--primary" disabled={busy} onClick={() => { run({ kind: "start-review" }); }}>
            {t("case.startReview")}
          </button>
        )}
        {actions.includes("close") && (
          <button type="button" className="button" disabled={busy} onClick={() => { run({ kind: "close" }); }}>
            {t("case.close")}
          </button>
        )}
      </div>
      {(actions.includes("reopen") || actions.includes("resume")) && (
        <div className="cases-toolbar">
          <label className="field">
            <span className="field__label">{t("case.reason")}</span>
            <input className="field__input" value={reason} onChange={(e) => { setReason(e.target.value); }} />
          </label>
          {actions.includes("reopen") && (
            <button type="button" className="button" disabled={busy} onClick={() => { run({ kind: "reopen", reason }); }}>
              {t("case.reopen")}
            </button>
          )}
          {actions.includes("resume") && (
            <button type="button" className="button" disabled={busy} onClick={() => { run({ kind: "resume", reason }); }}>
              {t("case.resume")}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

function Declaration({ kase }: { kase: CaseDetail }) {
  const { t } = useCasesT();
  const d = kase.declaration;
  return (
    <section className="panel" aria-labelledby="declaration-title">
      <h2 id="declaration-title">{t("case.declaration")}</h2>
      <p>
        {d.reference} · {d.amount.amount} {d.amount.currency} · {d.value_date} · {d.counterparty.name} (
        {d.counterparty.country}) · {d.category}
      </p>
      {d.conversion && (
        <p data-testid="case-conversion">
          {t("case.conversion")} :{" "}
          {t("case.conversionText", {
            amount: d.conversion.amount_mad,
            rate: d.conversion.rate,
            date: d.conversion.rate_date,
            source: d.conversion.source,
            method: d.conversion.method,
          })}
        </p>
      )}
      {kase.rate_rows.length > 0 && (
        <>
          <h3>{t("case.rateRows")}</h3>
          <ul>
            {kase.rate_rows.map((row) => (
              <li key={row.id}>
                {row.source} {row.currency} {row.published_on}: {row.value} / {row.unit}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Findings({ kase }: { kase: CaseDetail }) {
  const { t, language } = useCasesT();
  const verdicts = kase.declaration.verdicts;
  return (
    <section className="panel" aria-labelledby="findings-title">
      <h2 id="findings-title">{t("case.findings")}</h2>
      <div className="case-findings" data-testid="case-findings">
        {verdicts.map((v) => (
          <div key={v.version.id} className="case-findings__column">
            <h3>
              {v.rulebook.name} (v{v.version.number}) — {v.verdict}
            </h3>
            {v.findings.length === 0 ? (
              <p>{t("case.noFindings")}</p>
            ) : (
              <ul>
                {v.findings.map((f) => (
                  <li key={f.rule_id}>
                    <strong>{f.rule_id}</strong> ({f.outcome}) — {language === "fr" ? f.explanation_fr : f.explanation_en}
                    <br />
                    <small>
                      {f.citation} · {f.confidence}
                    </small>
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}

function Requests({ kase }: { kase: CaseDetail }) {
  const { t, language } = useCasesT();
  const label = useCodeLabel();
  return (
    <section className="panel" aria-labelledby="requests-title">
      <h2 id="requests-title">{t("case.requests")}</h2>
      {kase.requests.length === 0 ? (
        <p>{t("case.noRequests")}</p>
      ) : (
        <ul data-testid="case-requests">
          {kase.requests.map((r) => (
            <li key={r.id}>
              <p>
                {formatDateTime(r.asked_at, language)} · {r.asked_by} · {label("requestKind", r.kind)} : {r.message}
              </p>
              <p>
                {t("case.answer")} : {r.status === "answered" ? r.answer_text || "—" : t("case.noAnswer")}
              </p>
              {r.answer_documents.length > 0 && (
                <ul>
                  {r.answer_documents.map((doc) => (
                    <li key={doc.id}>
                      <a href={`/api/v1/declaration-documents/${doc.id}/download/`}>{doc.original_name}</a>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RequestForm({ run, busy }: { run: Run; busy: boolean }) {
  const { t } = useCasesT();
  const label = useCodeLabel();
  const [requestKind, setKind] = useState<"documents" | "explanation">("documents");
  const [message, setMessage] = useState("");
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    run({ kind: "request", requestKind, message }, () => { setMessage(""); });
  }
  return (
    <form className="panel form" aria-labelledby="request-title" onSubmit={submit}>
      <h2 id="request-title">{t("case.request")}</h2>
      <label className="field">
        <span className="field__label">{t("case.requestKind")}</span>
        <select
          className="field__input"
          value={requestKind}
          onChange={(e) => { setKind(e.target.value as "documents" | "explanation"); }}
        >
          <option value="documents">{label("requestKind", "documents")}</option>
          <option value="explanation">{label("requestKind", "explanation")}</option>
        </select>
      </label>
      <label className="field">
        <span className="field__label">{t("case.requestMessage")}</span>
        <textarea className="field__input" value={message} onChange={(e) => { setMessage(e.target.value); }} />
      </label>
      <button type="submit" className="button button--primary" disabled={busy}>
        {t("case.requestSend")}
      </button>
    </form>
  );
}

function DecisionForm({ run, busy }: { run: Run; busy: boolean }) {
  const { t } = useCasesT();
  const label = useCodeLabel();
  const [outcome, setOutcome] = useState<Outcome>("cleared");
  const [rationale, setRationale] = useState("");
  const [waiver, setWaiver] = useState("");
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    run({ kind: "decide", outcome, rationale, waiver_evidence: waiver });
  }
  return (
    <form className="panel form" aria-labelledby="decide-title" onSubmit={submit}>
      <h2 id="decide-title">{t("case.decision")}</h2>
      <label className="field">
        <span className="field__label">{t("case.outcome")}</span>
        <select className="field__input" value={outcome} onChange={(e) => { setOutcome(e.target.value as Outcome); }}>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {label("caseOutcome", o)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">{t("case.rationale")}</span>
        <textarea className="field__input" required value={rationale} onChange={(e) => { setRationale(e.target.value); }} />
      </label>
      {outcome === "allowed_under_sandbox" && (
        <label className="field">
          <span className="field__label">{t("case.waiver")}</span>
          <textarea className="field__input" required value={waiver} onChange={(e) => { setWaiver(e.target.value); }} />
        </label>
      )}
      <button type="submit" className="button button--primary" disabled={busy}>
        {t("case.decide")}
      </button>
    </form>
  );
}

function Notes({ kase, run, busy }: { kase: CaseDetail; run: Run; busy: boolean }) {
  const { t, language } = useCasesT();
  const [body, setBody] = useState("");
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    run({ kind: "note", body }, () => { setBody(""); });
  }
  return (
    <section className="panel" aria-labelledby="notes-title">
      <h2 id="notes-title">{t("case.notes")}</h2>
      <ul>
        {kase.notes.map((note) => (
          <li key={note.id}>
            {formatDateTime(note.created_at, language)} · {note.author} : {note.body}
          </li>
        ))}
      </ul>
      <form className="form" onSubmit={submit}>
        <textarea className="field__input" aria-label={t("case.notes")} value={body} onChange={(e) => { setBody(e.target.value); }} />
        <button type="submit" className="button" disabled={busy || body.trim() === ""}>
          {t("case.noteAdd")}
        </button>
      </form>
    </section>
  );
}

function Timeline({ kase }: { kase: CaseDetail }) {
  const { t, language } = useCasesT();
  const label = useCodeLabel();
  return (
    <section className="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t("case.timeline")}</h2>
      <ol data-testid="case-timeline">
        {kase.timeline.map((event, index) => (
          <li key={`${event.occurred_at}-${index}`}>
            {formatDateTime(event.occurred_at, language)} · {event.actor || "—"} · {label("auditAction", event.action)}
          </li>
        ))}
      </ol>
    </section>
  );
}
