import { useId, useState } from "react";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";

import { useDiff, type VersionSummary } from "../api/rulebooks";
import { useCodeLabel } from "@/lib/i18n";
import { localName } from "@/lib/names";

import { useRulebooksT } from "../messages";

/** What changed between this version and another one, rule by rule and field by field. */
export function DiffPanel({ versionId, others }: { versionId: string; others: readonly VersionSummary[] }) {
  const { t, language } = useRulebooksT();
  const label = useCodeLabel();
  const selectId = useId();
  const [against, setAgainst] = useState<string | null>(others[0]?.id ?? null);
  const diff = useDiff(versionId, against);
  if (others.length === 0) {
    return null;
  }
  return (
    <section className="panel" data-testid="diff-panel">
      <h3 className="panel__title">{t("rulebooks.diff.title")}</h3>
      <label htmlFor={selectId}>{t("rulebooks.diff.against")}</label>
      <select
        id={selectId}
        value={against ?? ""}
        onChange={(event) => {
          setAgainst(event.target.value);
        }}
      >
        {others.map((other) => (
          <option key={other.id} value={other.id}>
            {localName(other.rulebook, language)} v{other.number} ({label("versionStatus", other.status)})
          </option>
        ))}
      </select>
      {diff.isPending && against !== null && <p className="muted">{t("app.loading")}</p>}
      {diff.isError && <Alert>{errorMessage(diff.error, t)}</Alert>}
      {diff.isSuccess &&
        (diff.data.lines.length === 0 ? (
          <p>{t("rulebooks.diff.none")}</p>
        ) : (
          <>
            <p className="muted">
              {t("rulebooks.diff.summary", {
                added: diff.data.summary.added,
                removed: diff.data.summary.removed,
                changed: diff.data.summary.changed,
              })}
            </p>
            <pre className="rulebooks-diff" data-testid="diff-lines">
              {diff.data.lines.join("\n")}
            </pre>
          </>
        ))}
    </section>
  );
}
