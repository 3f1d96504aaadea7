import { useEffect, useRef, useState, type SubmitEvent } from "react";
import { Link } from "react-router";

import { Alert } from "@/components/ui/alert";
import { DeclarationRequests } from "@/features/requests";
import { VerdictsPanel } from "@/features/screening";
import { errorMessage } from "@/lib/error-message";
import { formatBytes, formatDate, formatDateTime, formatMoney, formatRateValue } from "@/lib/format";
import { useCodeLabel } from "@/lib/i18n";
import { countryName } from "@/lib/regions";

import {
  documentDownloadUrl,
  useAttachDocument,
  useDeclaration,
  useDeclarationDocuments,
  useDeclarationEvents,
  useWithdrawDeclaration,
  type DeclarationDetail,
} from "../api/declarations";
import { useDeclarationsT } from "../messages";
import { amendSearch } from "../lib/links";
import { StatusBadge } from "./status-badge";

const DOCUMENT_KINDS = ["invoice", "contract", "proof_of_performance", "organiser_invoice", "certified_accounts", "other"];

interface Props {
  id: string;
  readOnly: boolean;
  onClose: () => void;
  onSelect: (id: string) => void;
  /** Said above the declaration when the page was just led here (e.g. "amended"). */
  notice?: string | null;
}

/** One declaration: its facts, versions, documents and audit timeline; startups may amend or withdraw. */
export function DeclarationDetailPanel({ id, readOnly, onClose, onSelect, notice = null }: Props) {
  const { t, language } = useDeclarationsT();
  const label = useCodeLabel();
  const declaration = useDeclaration(id);
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = declaration.isSuccess;
  // The page led here after an action: move there, since the panel sits below the list.
  useEffect(() => {
    if (notice !== null && loaded) {
      heading.current?.focus();
    }
  }, [notice, loaded]);
  return (
    <aside className="panel declaration-detail" data-testid="declaration-detail" aria-live="polite">
      <button type="button" className="button button--quiet" onClick={onClose}>
        {t("detail.close")}
      </button>
      {declaration.isError && <Alert>{errorMessage(declaration.error, t)}</Alert>}
      {declaration.isSuccess && (
        <>
          <h3 ref={heading} tabIndex={-1}>
            {t("detail.title", { reference: declaration.data.reference })}
          </h3>
          {notice !== null && (
            <p className="declare__done" role="status" data-testid="declaration-notice">
              {notice}
            </p>
          )}
          <Facts declaration={declaration.data} />
          <VerdictsPanel verdicts={declaration.data.verdicts} />
          {!readOnly && <DeclarationRequests declarationId={declaration.data.id} />}
          <h4>{t("detail.versions")}</h4>
          <ol className="declaration-detail__versions">
            {declaration.data.versions.map((version) => (
              <li key={version.id}>
                <button type="button" className="button button--quiet" onClick={() => { onSelect(version.id); }} aria-current={version.id === id || undefined}>
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
          <Documents declaration={declaration.data} readOnly={readOnly} />
          <Timeline id={id} />
          {!readOnly && declaration.data.is_current && declaration.data.status !== "withdrawn" && (
            <div className="declarations-page__actions">
              <Link className="button" to={{ search: amendSearch(id) }}>
                {t("detail.amend")}
              </Link>
              <Withdraw id={id} />
            </div>
          )}
        </>
      )}
    </aside>
  );
}

function Facts({ declaration }: { declaration: DeclarationDetail }) {
  const { t, language } = useDeclarationsT();
  const conversion = declaration.conversion;
  return (
    <dl className="declaration-detail__facts">
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
        <form onSubmit={submit} className="declaration-detail__attach">
          <label>
            {t("detail.attach")} <input type="file" name="document" accept="application/pdf,image/png,image/jpeg" required />
          </label>
          <label>
            {t("detail.kind")}{" "}
            <select value={kind} onChange={(event) => { setKind(event.target.value); }}>
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

function Timeline({ id }: { id: string }) {
  const { t, language } = useDeclarationsT();
  const label = useCodeLabel();
  const events = useDeclarationEvents(id);
  return (
    <section>
      <h4>{t("detail.timeline")}</h4>
      <ol className="declaration-detail__timeline" data-testid="declaration-timeline">
        {(events.data ?? []).map((event) => (
          <li key={`${event.occurred_at}-${event.action}-${event.object_id}`}>
            {formatDateTime(event.occurred_at, language)} — {event.actor || "—"} —{" "}
            {label("auditAction", event.action)}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Withdraw({ id }: { id: string }) {
  const { t } = useDeclarationsT();
  const withdraw = useWithdrawDeclaration();
  const [reason, setReason] = useState("");
  return (
    <form
      className="declaration-detail__withdraw"
      onSubmit={(event) => {
        event.preventDefault();
        withdraw.mutate({ id, reason });
      }}
    >
      <label>
        {t("detail.withdrawReason")} <input value={reason} onChange={(event) => { setReason(event.target.value); }} required maxLength={1000} />
      </label>
      <button type="submit" className="button" disabled={withdraw.isPending || reason.trim() === ""}>
        {t("detail.withdraw")}
      </button>
      {withdraw.isError && <Alert>{errorMessage(withdraw.error, t)}</Alert>}
    </form>
  );
}
