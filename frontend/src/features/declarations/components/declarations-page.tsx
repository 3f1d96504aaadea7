import { useLocation, useSearchParams } from "react-router";

import { useDocumentTitle } from "@/lib/i18n";

import { useDeclarationsT } from "../messages";
import { AMEND_PARAM, amendedFrom, amendedState, DECLARATION_PARAM } from "../lib/links";
import { AmendDeclaration } from "./amend-declaration";
import { DeclarationsTable } from "./declarations-table";
import { DeclareForm } from "./declare-form";
import "../declarations.css";

/** The declaration named in the address, and a way to open another (or none). */
function useSelectedDeclaration() {
  const [params, setParams] = useSearchParams();
  const select = (id: string | null) => {
    setParams(id === null ? {} : { [DECLARATION_PARAM]: id });
  };
  return { params, setParams, selected: params.get(DECLARATION_PARAM), select };
}

/**
 * The startup's page: declare a payment, then find it in "My declarations"; or, with
 * `?amend=<id>`, amend one and land on its new version.
 */
export function DeclarationsPage() {
  const { t } = useDeclarationsT();
  useDocumentTitle("areas.declarations");
  const { params, setParams, selected, select } = useSelectedDeclaration();
  const amended = amendedFrom(useLocation().state);
  const amending = params.get(AMEND_PARAM);
  return (
    <article className="declarations-page">
      <h1 data-testid="declarations-page-title">{t("areas.declarations")}</h1>
      {amending ? (
        <AmendDeclaration
          key={amending}
          id={amending}
          onCancel={() => { select(amending); }}
          onAmended={(declaration) => {
            // Replaced, not pushed: "back" from the new version is the one it superseded, never
            // the form that would amend it a second time.
            setParams({ [DECLARATION_PARAM]: declaration.id }, { replace: true, state: amendedState(declaration) });
          }}
        />
      ) : (
        <>
          <DeclareForm />
          <DeclarationsTable
            selected={selected}
            onSelect={select}
            notice={amended === null ? null : t("amend.done", { ...amended })}
          />
        </>
      )}
    </article>
  );
}

/** The regulators' read-only list of every participant's declarations. */
export function RegulatorDeclarationsPage() {
  const { t } = useDeclarationsT();
  useDocumentTitle("areas.declarations");
  const { selected, select } = useSelectedDeclaration();
  return (
    <article className="declarations-page">
      <h1 data-testid="declarations-page-title">{t("areas.declarations")}</h1>
      <DeclarationsTable regulator selected={selected} onSelect={select} />
    </article>
  );
}
