import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";

import { useCreateDraftFrom, useRetire, useVersion, type VersionDetail, type VersionSummary } from "../api/rulebooks";
import { DiffPanel } from "./diff-panel";
import { DraftEditor } from "./draft-editor";
import { PublishForm } from "./publish-form";
import { RulesTable } from "./rules-table";
import { useCodeLabel } from "@/lib/i18n";

import { useRulebooksT } from "../messages";

interface VersionPanelProps {
  versionId: string;
  /** The other versions (of every rulebook) this one can be compared with. */
  others: readonly VersionSummary[];
  onOpen: (versionId: string) => void;
}

/** One version: its rules, and what its status allows (edit and publish, or copy and retire). */
export function VersionPanel({ versionId, others, onOpen }: VersionPanelProps) {
  const { t } = useRulebooksT();
  const label = useCodeLabel();
  const version = useVersion(versionId);
  if (version.isPending) {
    return <p className="muted">{t("app.loading")}</p>;
  }
  if (version.isError) {
    return <Alert>{errorMessage(version.error, t)}</Alert>;
  }
  const data = version.data;
  return (
    <section className="panel" data-testid="version-panel" aria-label={`${data.rulebook.name} v${data.number}`}>
      <h2 className="panel__title" data-testid="version-title">
        {data.rulebook.name} — v{data.number} · {label("versionStatus", data.status)}
      </h2>
      <p className="muted">
        {t("rulebooks.version.meta", {
          effective: data.effective_from,
          editor: data.last_edited_by ?? "—",
          publisher: data.published_by ?? "—",
        })}
      </p>
      {data.status === "draft" && (
        <>
          {/* The editor keeps the text being typed across saves: what was saved is that text. */}
          <DraftEditor version={data} />
          <PublishForm version={data} />
        </>
      )}
      {data.status === "published" && <PublishedActions version={data} onOpen={onOpen} />}
      {/* The backtest of a draft (issue 5, item 8) belongs here, next to the editor and the diff. */}
      <DiffPanel key={data.id} versionId={data.id} others={others} />
      <h3>{t("rulebooks.rules.title", { count: data.rules.length })}</h3>
      <RulesTable rules={data.rules} />
    </section>
  );
}

function PublishedActions({ version, onOpen }: { version: VersionDetail; onOpen: (id: string) => void }) {
  const { t } = useRulebooksT();
  const copy = useCreateDraftFrom();
  const retire = useRetire(version.id);
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
          retire.mutate(undefined);
        }}
      >
        {t("rulebooks.version.retire")}
      </button>
      {copy.isError && <Alert>{errorMessage(copy.error, t)}</Alert>}
      {retire.isError && <Alert>{errorMessage(retire.error, t)}</Alert>}
    </div>
  );
}
