import { useSearchParams } from "react-router";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { formatDateLong } from "@/lib/format";
import { useCodeLabel, useDocumentTitle } from "@/lib/i18n";
import { localName } from "@/lib/names";

import { useRulebooks, type Rulebook } from "../api/rulebooks";
import { VersionPanel } from "./version-panel";
import "../rulebooks.css";
import { useRulebooksT } from "../messages";

/** Where the opened version is named, so a notification or a colleague can link to it. */
const VERSION_PARAM = "version";

/** The regulators' rulebooks page: every rulebook, its versions, and the opened version. */
export function RulebooksPage() {
  const { t } = useRulebooksT();
  useDocumentTitle("areas.rulebooks");
  const rulebooks = useRulebooks();
  const [params, setParams] = useSearchParams();
  const selected = params.get(VERSION_PARAM);
  const open = (versionId: string) => {
    setParams({ [VERSION_PARAM]: versionId });
  };

  return (
    <article className="page rulebooks">
      <h1 data-testid="rulebooks-title">{t("areas.rulebooks")}</h1>
      <p className="muted">{t("rulebooks.intro")}</p>
      {rulebooks.isPending && (
        <p className="state state--loading" role="status">
          {t("app.loading")}
        </p>
      )}
      {rulebooks.isError && <Alert>{errorMessage(rulebooks.error, t)}</Alert>}
      {rulebooks.isSuccess && (
        <>
          {rulebooks.data.results.length === 0 && <p className="state state--empty">{t("rulebooks.empty")}</p>}
          <div className="rulebooks__list">
            {rulebooks.data.results.map((rulebook) => (
              <RulebookVersions key={rulebook.id} rulebook={rulebook} selected={selected} onOpen={open} />
            ))}
          </div>
          {selected !== null && (
            <VersionPanel
              key={selected}
              versionId={selected}
              others={rulebooks.data.results.flatMap((rulebook) =>
                rulebook.versions.filter((version) => version.id !== selected),
              )}
              onOpen={open}
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
  const { t, language } = useRulebooksT();
  const label = useCodeLabel();
  return (
    <section className="panel" data-testid={`rulebook-${rulebook.name}`} aria-labelledby={`rulebook-${rulebook.id}`}>
      <h2 id={`rulebook-${rulebook.id}`} className="panel__title">
        {localName(rulebook, language)}{" "}
        <span className="rulebooks-badge">{label("rulebookKind", rulebook.kind)}</span>
      </h2>
      <p className="muted">{t(`rulebooks.kindIntro.${rulebook.kind}`)}</p>
      <h3 className="visually-hidden">{t("rulebooks.versions")}</h3>
      <ul className="version-list">
        {rulebook.versions.map((version) => {
          const current = version.id === selected;
          return (
            <li key={version.id} className="version-list__item" aria-current={current ? "true" : undefined}>
              <span>
                {t("rulebooks.version.line", {
                  number: version.number,
                  effective: formatDateLong(version.effective_from, language),
                })}{" "}
                <span className="badge">{label("versionStatus", version.status)}</span>
              </span>
              {current ? (
                <span className="muted">{t("rulebooks.version.opened")}</span>
              ) : (
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
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
