import { useState } from "react";
import { useLocation, useSearchParams } from "react-router";

import { useDocumentTitle } from "@/lib/i18n";

import { useDeclarationsT } from "../messages";
import { AMEND_PARAM, amendedFrom, amendedState, DECLARATION_PARAM } from "../lib/links";
import { AmendDeclaration } from "./amend-declaration";
import { DeclarationDetailPanel } from "./declaration-detail";
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
 * The startup's page: declare a payment, which then opens, highlighted, beside its list and
 * updates by itself while it is converted and screened; or, with `?amend=<id>`, amend one.
 */
export function DeclarationsPage() {
  const { t } = useDeclarationsT();
  useDocumentTitle("areas.declarations");
  const { params, setParams, selected, select } = useSelectedDeclaration();
  const amended = amendedFrom(useLocation().state);
  const amending = params.get(AMEND_PARAM);
  const [created, setCreated] = useState<{ id: string; reference: string } | null>(null);
  const notice =
    amended !== null
      ? t("amend.done", { ...amended })
      : created !== null && created.id === selected
        ? t("declare.done", { reference: created.reference })
        : null;
  return (
    <article className="page declarations-page">
      <h1 data-testid="declarations-page-title">{t("areas.declarations")}</h1>
      {amending ? (
        <AmendDeclaration
          key={amending}
          id={amending}
          onCancel={() => {
            select(amending);
          }}
          onAmended={(declaration) => {
            // Replaced, not pushed: "back" from the new version is the one it superseded, never
            // the form that would amend it a second time.
            setParams({ [DECLARATION_PARAM]: declaration.id }, { replace: true, state: amendedState(declaration) });
          }}
        />
      ) : (
        <div className={selected !== null ? "declarations-layout declarations-layout--open" : "declarations-layout"}>
          <div className="declarations-layout__main">
            <DeclareForm
              mode={{
                kind: "create",
                onCreated: (declaration) => {
                  setCreated({ id: declaration.id, reference: declaration.reference });
                  select(declaration.id);
                },
              }}
            />
            <DeclarationsTable selected={selected} highlighted={created?.id ?? null} onSelect={select} />
          </div>
          {selected !== null && (
            <div className="declarations-layout__side">
              <DeclarationDetailPanel
                key={selected}
                id={selected}
                readOnly={false}
                onClose={() => {
                  select(null);
                }}
                onSelect={select}
                notice={notice}
              />
            </div>
          )}
        </div>
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
    <article className="page declarations-page">
      <h1 data-testid="declarations-page-title">{t("areas.declarations")}</h1>
      <div className={selected !== null ? "declarations-layout declarations-layout--open" : "declarations-layout"}>
        <div className="declarations-layout__main">
          <DeclarationsTable regulator selected={selected} highlighted={null} onSelect={select} />
        </div>
        {selected !== null && (
          <div className="declarations-layout__side">
            <DeclarationDetailPanel
              key={selected}
              id={selected}
              readOnly
              onClose={() => {
                select(null);
              }}
              onSelect={select}
            />
          </div>
        )}
      </div>
    </article>
  );
}
