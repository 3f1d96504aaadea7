import { useState, type SubmitEvent } from "react";
import { Link } from "react-router";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { useCodeLabel } from "@/lib/i18n";
import { ApiError } from "@/lib/problem";

import { useConfirm } from "@/components/ui/use-confirm";
import { VerdictsPanel } from "@/features/screening";
import { formatDate, formatDateTime, formatMad, formatMoney, formatRateValue, formatRelative } from "@/lib/format";
import { useCategoryLabel } from "@/lib/reference-data";
import { countryName } from "@/lib/regions";

import { useCase, useCaseChange, useReviewers, type CaseChange, type CaseDetail, type Outcome } from "../api/cases";
import { breachText, ruleTitle } from "../lib/breach";
import { useCasesT } from "../messages";
import { CaseBadges } from "./case-badges";
import { CasePayments, ContributingPayments } from "./case-payments";

const OUTCOMES: readonly Outcome[] = ["cleared", "breach_confirmed", "allowed_under_sandbox", "escalated"];

/** One case: summary, declaration with conversion and rate provenance, findings under both
 * rulebooks side by side, requests, internal notes, the decision and request forms, timeline. */
export function CasePage({ caseId, onBack }: { caseId: string; onBack: () => void }) {
  const { t, language } = useCasesT();
  const label = useCodeLabel();
  const detail = useCase(caseId);
  const change = useCaseChange(caseId);

  if (detail.error) {
    return <Alert>{errorMessage(detail.error, t)}</Alert>;
  }
  if (!detail.data) {
    return (
      <p className="state" role="status">
        <span className="spinner spinner--small" aria-hidden="true" /> {t("app.loading")}
      </p>
    );
  }
  const kase = detail.data;
  const run = (next: CaseChange, onDone?: () => void) => { change.mutate({ etag: kase.etag, change: next }, { onSuccess: () => onDone?.() }); };
  const stale = change.error instanceof ApiError && change.error.status === 412;

  return (
    <article className="page case-page" data-testid="case-page">
      <button type="button" className="button button--quiet" onClick={onBack}>
        ← {t("case.back")}
      </button>
      <h1>{t("case.title", { reference: kase.declaration.reference })}</h1>
      <CaseBadges state={kase.state} priority={kase.priority} overdue={kase.overdue} outcome={kase.outcome} />
      {change.error && (
        <Alert testId="case-error">{stale ? t("case.stale") : errorMessage(change.error, t)}</Alert>
      )}
      <Summary kase={kase} run={run} busy={change.isPending} />
      {kase.kind === "cumulative" && (
        <>
          <CasePayments kase={kase} />
          <ContributingPayments kase={kase} />
        </>
      )}
      <Declaration kase={kase} />
      <Findings kase={kase} />
      <Requests kase={kase} />
      {kase.allowed_actions.includes("request") && <RequestForm run={run} busy={change.isPending} />}
      {kase.allowed_actions.includes("decide") && <DecisionForm run={run} busy={change.isPending} />}
      {kase.outcome !== "" && (
        <section className="panel" aria-labelledby="decision-title">
          <h2 id="decision-title">{t("case.decision")}</h2>
          <p data-testid="case-decision">
            <strong>{label("caseOutcome", kase.outcome)}</strong> — {kase.rationale}
          </p>
          {kase.decided_at !== null && (
            <p className="muted" data-testid="case-decided-by">
              {t("case.decidedBy", { user: kase.decided_by?.username ?? "—", date: formatDateTime(kase.decided_at, language) })}
            </p>
          )}
          {kase.waiver_evidence && <p>{t("case.waiverShown", { waiver: kase.waiver_evidence })}</p>}
        </section>
      )}
      <Notes kase={kase} run={run} busy={change.isPending} />
      <Timeline kase={kase} />
    </article>
  );
}

type Run = (next: CaseChange, onDone?: () => void) => void;

// The flow's own work (opening, attaching payments) is recorded by "system:<room>".
const SYSTEM_ACTOR = "system:";

function actorName(actor: string, system: string): string {
  if (actor === "") {
    return "—";
  }
  return actor.startsWith(SYSTEM_ACTOR) ? system : actor;
}

function Summary({ kase, run, busy }: { kase: CaseDetail; run: Run; busy: boolean }) {
  const { t, language } = useCasesT();
  const reviewers = useReviewers();
  const { confirm, dialog } = useConfirm();
  const [assignee, setAssignee] = useState(kase.assignee?.id ?? "");
  const [reason, setReason] = useState("");
  const actions = kase.allowed_actions;
  return (
    <section className="panel" aria-labelledby="summary-title">
      <h2 id="summary-title">{t("case.summary")}</h2>
      <dl className="facts">
        <dt>{t("queue.participant")}</dt>
        <dd>{kase.participant.name}</dd>
        <dt>{t("queue.amount")}</dt>
        <dd>{formatMad(kase.amount_mad.amount, language)}</dd>
        {kase.kind === "cumulative" ? (
          <>
            <dt>{t("case.breach")}</dt>
            <dd data-testid="case-breach">
              {breachText(kase, language)} —{" "}
              {t("case.paymentCount", { count: kase.payment_count, amount: formatMad(kase.amount_mad.amount, language) })}
            </dd>
          </>
        ) : (
          <>
            <dt>{t("case.rules", { count: kase.rule_titles.length })}</dt>
            <dd data-testid="case-rules">
              {kase.rule_titles.map((rule) => (
                <span key={rule.rule_id} className="case-rule">
                  {ruleTitle(rule, language)}
                </span>
              ))}
            </dd>
          </>
        )}
        <dt>{t("queue.due")}</dt>
        <dd data-testid="case-due">
          {/* Once decided, the deadline is history: said as such, not as a dash beside a date. */}
          {kase.outcome !== "" ? (
            t("case.dueDecided", { date: formatDateTime(kase.due_at, language) })
          ) : (
            <>
              {t(kase.overdue ? "queue.overdueSince" : "queue.dueIn", { when: formatRelative(kase.due_at, language) })}{" "}
              <span className="muted">({formatDateTime(kase.due_at, language)})</span>
            </>
          )}
        </dd>
        <dt>{t("queue.assignee")}</dt>
        <dd data-testid="case-assignee">{kase.assignee?.username ?? t("case.unassigned")}</dd>
      </dl>
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
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => {
              confirm(
                {
                  title: t("case.closeTitle", { reference: kase.declaration.reference }),
                  body: <p>{t("case.closeBody")}</p>,
                  confirmLabel: t("case.close"),
                },
                () => {
                  run({ kind: "close" });
                },
              );
            }}
          >
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
      {dialog}
    </section>
  );
}

function Declaration({ kase }: { kase: CaseDetail }) {
  const { t, language } = useCasesT();
  const label = useCodeLabel();
  const category = useCategoryLabel();
  const d = kase.declaration;
  return (
    <section className="panel" aria-labelledby="declaration-title">
      <h2 id="declaration-title">{t(kase.kind === "cumulative" ? "case.openingDeclaration" : "case.declaration")}</h2>
      <dl className="facts">
        <dt>{t("queue.reference")}</dt>
        <dd>
          <Link to={`/regulator/declarations?declaration=${d.id}`}>{d.reference}</Link>
        </dd>
        <dt>{t("case.amount")}</dt>
        <dd>{formatMoney(d.amount.amount, d.amount.currency, language)}</dd>
        <dt>{t("case.valueDate")}</dt>
        <dd>{formatDate(d.value_date, language)}</dd>
        <dt>{t("case.category")}</dt>
        <dd>
          {category(d.category)} · {label("channel", d.channel)}
        </dd>
        <dt>{t("case.counterparty")}</dt>
        <dd>
          {d.counterparty.name} ({countryName(d.counterparty.country, language)})
        </dd>
        {d.conversion && (
          <>
            <dt>{t("case.conversion")}</dt>
            <dd data-testid="case-conversion">
              {/* A payment in dirhams has no rate to show: "1 MAD = 1 MAD" says nothing. */}
              {d.amount.currency === "MAD"
                ? t("case.conversionNone", { amount: formatMad(d.conversion.amount_mad, language) })
                : t("case.conversionText", {
                    amount: formatMad(d.conversion.amount_mad, language),
                    rate: formatRateValue(d.conversion.rate, language),
                    currency: d.amount.currency,
                    date: formatDate(d.conversion.rate_date, language),
                    source: label("rateSource", d.conversion.source),
                    method: label("rateMethod", d.conversion.method),
                  })}
            </dd>
          </>
        )}
      </dl>
      {kase.rate_rows.length > 0 && (
        <>
          <h3>{t("case.rateRows")}</h3>
          <ul>
            {kase.rate_rows.map((row) => (
              <li key={row.id}>
                {t("case.rateRow", {
                  source: label("rateSource", row.source),
                  date: formatDate(row.published_on, language),
                  unit: row.unit,
                  currency: row.currency,
                  value: formatRateValue(row.value, language),
                })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Findings({ kase }: { kase: CaseDetail }) {
  return <VerdictsPanel verdicts={kase.declaration.verdicts} />;
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
  const { confirm, dialog } = useConfirm();
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    confirm(
      {
        title: t("case.decideTitle", { outcome: label("caseOutcome", outcome) }),
        body: <p>{t("case.decideBody")}</p>,
        confirmLabel: t("case.decide"),
      },
      () => {
        run({ kind: "decide", outcome, rationale, waiver_evidence: waiver });
      },
    );
  }
  return (
    <>
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
      <button type="submit" className="button button--primary" disabled={busy || rationale.trim() === ""}>
        {t("case.decide")}
      </button>
    </form>
    {dialog}
    </>
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
            {formatDateTime(event.occurred_at, language)} · {actorName(event.actor, t("case.systemActor"))} ·{" "}
            {label("auditAction", event.action)}
          </li>
        ))}
      </ol>
    </section>
  );
}
