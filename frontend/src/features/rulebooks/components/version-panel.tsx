import { useCallback, useEffect, useRef, useState } from "react";

import { Alert } from "@/components/ui/alert";
import { useConfirm } from "@/components/ui/use-confirm";
import { errorMessage } from "@/lib/error-message";
import { formatDateLong, formatDateTime } from "@/lib/format";
import { useCodeLabel } from "@/lib/i18n";
import { localName } from "@/lib/names";

import { useCreateDraftFrom, useRetire, useVersion, type VersionDetail, type VersionSummary } from "../api/rulebooks";
import { useRulebooksT } from "../messages";
import { CoveragePanel } from "./coverage-panel";
import { DiffPanel } from "./diff-panel";
import { DraftBacktest } from "./draft-backtest";
import { DraftEditor } from "./draft-editor";
import { PublishForm } from "./publish-form";
import { ReviewRequest } from "./review-request";
import { RulesTable } from "./rules-table";

interface VersionPanelProps {
  versionId: string;
  /** The other versions (of every rulebook) this one can be compared with. */
  others: readonly VersionSummary[];
  onOpen: (versionId: string) => void;
}

const STATUS_TONE: Readonly<Record<VersionDetail["status"], string>> = {
  draft: "badge--moving",
  published: "badge--ok",
  retired: "badge",
};

/**
 * One version: who made it and when, its rules, and what its status allows — a draft is edited
 * (form or YAML), sent for review, backtested and published; a published version is copied into
 * a new draft or retired.
 */
export function VersionPanel({ versionId, others, onOpen }: VersionPanelProps) {
  const { t, language } = useRulebooksT();
  const label = useCodeLabel();
  const version = useVersion(versionId);
  const [dirty, setDirty] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = version.isSuccess;
  const onDirty = useCallback((value: boolean) => {
    setDirty(value);
  }, []);

  useEffect(() => {
    // The opened version comes into view with the focus on its title, wherever the list ends.
    if (loaded) {
      heading.current?.focus();
    }
  }, [loaded]);

  if (version.isPending) {
    return (
      <p className="state state--loading" role="status">
        {t("app.loading")}
      </p>
    );
  }
  if (version.isError) {
    return <Alert>{errorMessage(version.error, t)}</Alert>;
  }
  const data = version.data;
  const name = localName(data.rulebook, language);
  return (
    <section className="version-panel" data-testid="version-panel" aria-labelledby="version-title">
      <h2 id="version-title" className="version-panel__title" data-testid="version-title" tabIndex={-1} ref={heading}>
        {name} — v{data.number} ·{" "}
        <span className={`badge ${STATUS_TONE[data.status]}`}>{label("versionStatus", data.status)}</span>
      </h2>
      <dl className="version-panel__facts">
        <dt>{t("rulebooks.version.effective")}</dt>
        <dd>{formatDateLong(data.effective_from, language)}</dd>
        {data.notes_en !== "" && (
          <>
            <dt>{t("field.version.notes")}</dt>
            <dd data-free-text data-testid="version-notes">
              {language === "fr" ? data.notes_fr : data.notes_en}
            </dd>
          </>
        )}
        <dt>{t("rulebooks.version.editedBy")}</dt>
        <dd>
          {t("rulebooks.version.byOn", {
            user: data.last_edited_by ?? "—",
            when: formatDateTime(data.last_edited_at, language),
          })}
        </dd>
        {data.published_by !== null && (
          <>
            <dt>{t("rulebooks.version.publishedBy")}</dt>
            <dd>
              {t("rulebooks.version.byOn", { user: data.published_by, when: formatDateTime(data.published_at, language) })}
            </dd>
          </>
        )}
      </dl>
      {data.status === "draft" && (
        <>
          {/* The editor keeps the text being typed across saves: what was saved is that text. */}
          <DraftEditor version={data} onDirty={onDirty} />
          <DiffPanel
            key={`${data.id}:${data.content_hash}`}
            versionId={data.id}
            basedOn={data.based_on}
            rules={data.rules}
            others={others}
          />
          <ReviewRequest version={data} />
          <DraftBacktest version={data} dirty={dirty} />
          <PublishForm version={data} dirty={dirty} />
        </>
      )}
      {data.status === "published" && <PublishedActions version={data} onOpen={onOpen} />}
      {data.status !== "draft" && (
        <>
          <DiffPanel key={data.id} versionId={data.id} basedOn={data.based_on} rules={data.rules} others={others} />
          <CoveragePanel key={`coverage-${data.id}`} versionId={data.id} />
          <h3>{t("rulebooks.rules.title", { count: data.rules.length })}</h3>
          <RulesTable rules={data.rules} />
        </>
      )}
    </section>
  );
}

function PublishedActions({ version, onOpen }: { version: VersionDetail; onOpen: (id: string) => void }) {
  const { t, language } = useRulebooksT();
  const copy = useCreateDraftFrom();
  const retire = useRetire(version.id);
  const { confirm, dialog } = useConfirm();
  return (
    <div className="rulebooks-actions">
      <button
        type="button"
        className="button"
        data-testid="new-draft"
        disabled={copy.isPending}
        onClick={() => {
          copy.mutate(version, {
            onSuccess: (draft) => {
              onOpen(draft.id);
            },
          });
        }}
      >
        {t("rulebooks.version.newDraft")}
      </button>
      <button
        type="button"
        className="button button--quiet"
        data-testid="retire"
        disabled={retire.isPending}
        onClick={() => {
          confirm(
            {
              title: t("rulebooks.version.retireTitle", {
                name: localName(version.rulebook, language),
                number: version.number,
              }),
              body: (
                <p>
                  {t("rulebooks.version.retireBody")} {t("confirm.irreversible")}
                </p>
              ),
              confirmLabel: t("rulebooks.version.retire"),
              danger: true,
            },
            () => {
              retire.mutate(undefined);
            },
          );
        }}
      >
        {t("rulebooks.version.retire")}
      </button>
      {copy.isError && <Alert>{errorMessage(copy.error, t)}</Alert>}
      {retire.isError && <Alert>{errorMessage(retire.error, t)}</Alert>}
      {dialog}
    </div>
  );
}
