import { useEffect, useRef, useState, type SubmitEvent } from "react";
import { Link } from "react-router";

import { Alert } from "@/components/ui/alert";
import { QueryState } from "@/components/ui/query-state";
import { useConfirm } from "@/components/ui/use-confirm";
import { breachText } from "@/features/cases";
import { DeclarationRequests } from "@/features/requests";
import { VerdictsPanel } from "@/features/screening";
import { errorMessage } from "@/lib/error-message";
import { formatBytes, formatDate, formatDateTime, formatMad, formatMoney, formatRateValue } from "@/lib/format";
import { useCodeLabel } from "@/lib/i18n";
import { useCategoryLabel } from "@/lib/reference-data";
import { countryName } from "@/lib/regions";

import {
  documentDownloadUrl,
  isMoving,
  useAttachDocument,
  useDeclaration,
  useDeclarationCases,
  useDeclarationDocuments,
  useDeclarationEvents,
  useWithdrawDeclaration,
  type DeclarationDetail,
} from "../api/declarations";
import { amendSearch } from "../lib/links";
import { useDeclarationsT } from "../messages";
import { ReconversionChange } from "./reconversion-change";
import { StatusBadge } from "./status-badge";

// The flow's own work (conversion, screening, a late publication) is recorded by "system:<room>".
const SYSTEM_ACTOR = "system:";
const DOCUMENT_KINDS = ["invoice", "contract", "proof_of_performance", "organiser_invoice", "certified_accounts", "other"];

interface Props {
  id: string;
  readOnly: boolean;
  onClose: () => void;
  onSelect: (id: string) => void;
  /** Said above the declaration when the page was just led here (declared, amended). */
  notice?: string | null;
}

/**
 * One declaration: its facts, conversion, verdicts, the regulator's decision, versions,
 * documents and audit timeline; it refreshes by itself while the worker converts and screens it.
 */
export function DeclarationDetailPanel({ id, readOnly, onClose, onSelect, notice = null }: Props) {
  const { t, language } = useDeclarationsT();
  const label = useCodeLabel();
  const declaration = useDeclaration(id);
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = declaration.isSuccess;
  // The page led here after an action: bring the declaration into view and to the reader.
  useEffect(() => {
    if (notice !== null && loaded) {
      heading.current?.focus({ preventScroll: true });
      const panel = heading.current?.closest("aside");
      // jsdom has no scrollIntoView; every browser does.
      if (panel !== null && panel !== undefined && typeof panel.scrollIntoView === "function") {
        panel.scrollIntoView({ block: "nearest" });
      }
    }
  }, [notice, loaded]);
  return (
    <aside className="panel declaration-detail" data-testid="declaration-detail" aria-labelledby={`declaration-${id}`}>
      <div className="declaration-detail__bar">
        <button type="button" className="button button--quiet" onClick={onClose}>
          {t("detail.close")}
        </button>
      </div>
      <QueryState query={declaration}>
        {(data) => (
          <>
            <h3 id={`declaration-${id}`} ref={heading} tabIndex={-1}>
              {t("detail.title", { reference: data.reference })}
            </h3>
            {notice !== null && (
              <p className="notice notice--done" role="status" data-testid="declaration-notice">
                {notice}
              </p>
            )}
            {isMoving(data) && (
              <p className="state" role="status" data-testid="declaration-moving">
                <span className="spinner spinner--small" aria-hidden="true" /> {t("detail.moving")}
              </p>
            )}
            <Facts declaration={data} />
            <VerdictsPanel verdicts={data.verdicts} />
            <Decision declarationId={data.id} readOnly={readOnly} />
            {!readOnly && <DeclarationRequests declarationId={data.id} />}
            <h4>{t("detail.versions")}</h4>
            <ol className="declaration-detail__versions">
              {data.versions.map((version) => (
                <li key={version.id}>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      onSelect(version.id);
                    }}
                    aria-current={version.id === id || undefined}
                  >
                    {t("detail.versionLine", {
                      version: version.version,
                      status: label("declarationStatus", version.status),
                      date: formatDateTime(version.created_at, language),
                      user: version.created_by,
                    })}
                    {` (${version.is_current ? t("detail.current") : t("detail.superseded")})`}
                  </button>
                </li>
              ))}
            </ol>
            <Documents declaration={data} readOnly={readOnly} />
            <Timeline id={id} currency={data.amount.currency} status={data.status} moving={isMoving(data)} />
            {!readOnly && data.is_current && data.status !== "withdrawn" && (
              <div className="actions">
                <Link className="button" to={{ search: amendSearch(id) }}>
                  {t("detail.amend")}
                </Link>
                <Withdraw declaration={data} />
              </div>
            )}
          </>
        )}
      </QueryState>
    </aside>
  );
}

function Facts({ declaration }: { declaration: DeclarationDetail }) {
  const { t, language } = useDeclarationsT();
  const label = useCodeLabel();
  const categoryLabel = useCategoryLabel();
  const conversion = declaration.conversion;
  return (
    <dl className="facts">
      <dt>{t("list.status")}</dt>
      <dd>
        <StatusBadge status={declaration.status} />
        {declaration.status === "withdrawn" && ` ${t("detail.withdrawn", { reason: declaration.withdrawal_reason })}`}
      </dd>
      <dt>{t("list.amount")}</dt>
      <dd>
        {formatMoney(declaration.amount.amount, declaration.amount.currency, language)}
        {" — "}
        {conversion
          ? t("detail.conversion", {
              amount: formatMoney(conversion.amount_mad, "MAD", language),
              rate: formatRateValue(conversion.rate, language),
              currency: declaration.amount.currency,
              date: formatDate(conversion.rate_date, language),
            })
          : t("detail.notConverted")}
      </dd>
      {conversion && (
        <>
          <dt>{t("detail.rate")}</dt>
          <dd data-testid="conversion-explanation">{conversion.explanation[language]}</dd>
        </>
      )}
      <dt>{t("list.category")}</dt>
      <dd data-testid="declaration-category">{categoryLabel(declaration.category)}</dd>
      <dt>{t("detail.paidHow")}</dt>
      <dd>
        {label("direction", declaration.direction)} · {label("channel", declaration.channel)}
      </dd>
      <dt>{t("list.valueDate")}</dt>
      <dd>{formatDate(declaration.value_date, language)}</dd>
      <dt>{t("list.counterparty")}</dt>
      <dd>
        {declaration.counterparty.name} ({countryName(declaration.counterparty.country, language)})
      </dd>
      <dt>{t("declare.description")}</dt>
      <dd>{declaration.description || "—"}</dd>
    </dl>
  );
}

/** The regulator's decision on the case holding this payment, who took it and when. */
function Decision({ declarationId, readOnly }: { declarationId: string; readOnly: boolean }) {
  const { t, language } = useDeclarationsT();
  const label = useCodeLabel();
  const cases = useDeclarationCases(declarationId);
  if (!cases.isSuccess || cases.data.length === 0) {
    return cases.isError ? <Alert>{errorMessage(cases.error, t)}</Alert> : null;
  }
  return (
    <section className="panel decision" aria-labelledby={`decision-${declarationId}`} data-testid="declaration-decision">
      <h4 id={`decision-${declarationId}`}>{t("detail.decision")}</h4>
      {cases.data.map((c) => (
        <div key={c.id} data-testid="declaration-case">
          {c.kind === "cumulative" && (
            <p data-testid="declaration-case-grouped">
              {t("detail.caseGrouped", {
                breach: breachText(c, language),
                count: c.payment_count,
                amount: formatMad(c.amount_mad.amount, language),
              })}{" "}
              {c.declaration.id === declarationId
                ? t("detail.caseOpenedHere")
                : t("detail.caseOpenedBy", { reference: c.declaration.reference })}
            </p>
          )}
          {c.outcome === "" ? (
            <p>{t("detail.decisionPending", { state: label("caseState", c.state) })}</p>
          ) : (
            <p data-testid="declaration-outcome">
              <strong>{label("caseOutcome", c.outcome)}</strong>
              {c.decided_at !== null && (
                <>
                  {" — "}
                  {t("detail.decisionLine", {
                    outcome: label("caseOutcome", c.outcome),
                    user: c.decided_by ?? "—",
                    date: formatDateTime(c.decided_at, language),
                  })}
                </>
              )}
            </p>
          )}
          {readOnly && (
            <Link to={`/regulator/cases?case=${c.id}`}>{t("detail.openCase")}</Link>
          )}
        </div>
      ))}
    </section>
  );
}

function Documents({ declaration, readOnly }: { declaration: DeclarationDetail; readOnly: boolean }) {
  const { t, language } = useDeclarationsT();
  const label = useCodeLabel();
  const documents = useDeclarationDocuments(declaration.id);
  const attach = useAttachDocument();
  const [kind, setKind] = useState("invoice");

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const input = form.elements.namedItem("document") as HTMLInputElement | null;
    const file = input?.files?.[0];
    if (file !== undefined) {
      attach.mutate({ id: declaration.id, file, kind }, { onSuccess: () => { form.reset(); } });
    }
  }

  return (
    <section>
      <h4>{t("detail.documents")}</h4>
      {documents.isSuccess && documents.data.length === 0 && <p className="muted">{t("detail.noDocuments")}</p>}
      <ul>
        {(documents.data ?? []).map((document) => (
          <li key={document.id}>
            <a href={documentDownloadUrl(document.id)} download>
              {document.original_name}
            </a>{" "}
            <span className="muted">
              ({t("detail.documentLine", { kind: label("documentKind", document.kind), version: document.version, size: formatBytes(document.size, language) })})
            </span>
          </li>
        ))}
      </ul>
      {!readOnly && declaration.is_current && declaration.status !== "withdrawn" && (
        <form onSubmit={submit} className="attach">
          <label className="field">
            <span className="field__label">{t("detail.attach")}</span>
            <input className="field__input" type="file" name="document" accept="application/pdf,image/png,image/jpeg" required />
          </label>
          <label className="field">
            <span className="field__label">{t("detail.kind")}</span>
            <select
              className="field__input"
              value={kind}
              onChange={(event) => {
                setKind(event.target.value);
              }}
            >
              {DOCUMENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {label("documentKind", k)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button" disabled={attach.isPending}>
            {t("detail.upload")}
          </button>
          {attach.isError && <Alert>{errorMessage(attach.error, t)}</Alert>}
        </form>
      )}
    </section>
  );
}

function Timeline({ id, currency, status, moving }: { id: string; currency: string; status: string; moving: boolean }) {
  const { t, language } = useDeclarationsT();
  const label = useCodeLabel();
  const events = useDeclarationEvents(id, status, moving);
  return (
    <section>
      <h4>{t("detail.timeline")}</h4>
      <ol className="timeline" data-testid="declaration-timeline">
        {(events.data ?? []).map((event) => (
          <li key={`${event.occurred_at}-${event.action}-${event.object_id}`}>
            <span className="muted">{formatDateTime(event.occurred_at, language)}</span> — {label("auditAction", event.action)}
            {event.actor !== "" && (
              <span className="muted"> — {event.actor.startsWith(SYSTEM_ACTOR) ? t("detail.systemActor") : event.actor}</span>
            )}
            {event.reconversion !== null && <ReconversionChange change={event.reconversion} currency={currency} />}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Withdraw({ declaration }: { declaration: DeclarationDetail }) {
  const { t } = useDeclarationsT();
  const withdraw = useWithdrawDeclaration();
  const { confirm, dialog } = useConfirm();
  const [reason, setReason] = useState("");
  return (
    <>
    <form
      className="withdraw"
      onSubmit={(event) => {
        event.preventDefault();
        confirm(
          {
            title: t("detail.withdrawTitle", { reference: declaration.reference }),
            body: <p>{t("detail.withdrawBody")}</p>,
            confirmLabel: t("detail.withdraw"),
            danger: true,
          },
          () => {
            withdraw.mutate({ id: declaration.id, reason });
          },
        );
      }}
    >
      <label className="field">
        <span className="field__label">{t("detail.withdrawReason")}</span>
        <input
          className="field__input"
          value={reason}
          onChange={(event) => {
            setReason(event.target.value);
          }}
          required
          maxLength={1000}
        />
      </label>
      <button type="submit" className="button button--danger" disabled={withdraw.isPending || reason.trim() === ""}>
        {t("detail.withdraw")}
      </button>
      {withdraw.isError && <Alert>{errorMessage(withdraw.error, t)}</Alert>}
    </form>
    {dialog}
    </>
  );
}
