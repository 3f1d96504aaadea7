import { useState } from "react";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { useDocumentTitle, useCodeLabel } from "@/lib/i18n";

import { useRulebooks, type Rulebook } from "../api/rulebooks";
import { VersionPanel } from "./version-panel";
import "../rulebooks.css";
import { useRulebooksT } from "../messages";

/** The regulators' rulebooks page: every rulebook, its versions, and the selected version. */
export function RulebooksPage() {
  const { t } = useRulebooksT();
  useDocumentTitle("areas.rulebooks");
  const rulebooks = useRulebooks();
  const [selected, setSelected] = useState<string | null>(null);

  return (
    <article className="rulebooks">
      <h1 data-testid="rulebooks-title">{t("areas.rulebooks")}</h1>
      <p className="muted">{t("rulebooks.intro")}</p>
      {rulebooks.isPending && <p className="muted">{t("app.loading")}</p>}
      {rulebooks.isError && <Alert>{errorMessage(rulebooks.error, t)}</Alert>}
      {rulebooks.isSuccess && (
        <>
          {rulebooks.data.results.length === 0 && <p>{t("rulebooks.empty")}</p>}
          {rulebooks.data.results.map((rulebook) => (
            <RulebookVersions key={rulebook.id} rulebook={rulebook} selected={selected} onOpen={setSelected} />
          ))}
          {selected !== null && (
            <VersionPanel
              key={selected}
              versionId={selected}
              others={rulebooks.data.results.flatMap((rulebook) =>
                rulebook.versions.filter((version) => version.id !== selected),
              )}
              onOpen={setSelected}
            />
          )}
        </>
      )}
    </article>
  );
}

interface RulebookVersionsProps {
  rulebook: Rulebook;
  selected: string | null;
  onOpen: (versionId: string) => void;
}

function RulebookVersions({ rulebook, selected, onOpen }: RulebookVersionsProps) {
  const { t } = useRulebooksT();
  const label = useCodeLabel();
  return (
    <section className="panel" data-testid={`rulebook-${rulebook.name}`}>
      <h2 className="panel__title">
        {rulebook.name}{" "}
        <span className="rulebooks-badge">{label("rulebookKind", rulebook.kind)}</span>
      </h2>
      {rulebook.description !== "" && <p className="muted">{rulebook.description}</p>}
      <table className="rulebooks-table">
        <thead>
          <tr>
            <th scope="col">{t("rulebooks.version.number")}</th>
            <th scope="col">{t("rulebooks.version.status")}</th>
            <th scope="col">{t("rulebooks.version.effectiveFrom")}</th>
            <th scope="col">{t("rulebooks.version.lastEditedBy")}</th>
            <th scope="col">
              {t("rulebooks.version.open")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rulebook.versions.map((version) => (
            <tr key={version.id} aria-current={version.id === selected ? "true" : undefined}>
              <td>v{version.number}</td>
              <td>{label("versionStatus", version.status)}</td>
              <td>{version.effective_from}</td>
              <td>{version.last_edited_by ?? "—"}</td>
              <td>
                <button
                  type="button"
                  className="button button--quiet"
                  data-testid={`open-v${version.number}`}
                  onClick={() => {
                    onOpen(version.id);
                  }}
                >
                  {t("rulebooks.version.open")}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
