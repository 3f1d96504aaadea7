import { useDocumentTitle, useI18n } from "@/lib/i18n";

import { DeclarationsTable } from "./declarations-table";
import { DeclareForm } from "./declare-form";
import "../declarations.css";

/** The startup's page: declare a payment, then find it in "My declarations". */
export function DeclarationsPage() {
  const { t } = useI18n();
  useDocumentTitle("areas.declarations");
  return (
    <article className="declarations-page">
      <h1 data-testid="declarations-page-title">{t("areas.declarations")}</h1>
      <DeclareForm />
      <DeclarationsTable />
    </article>
  );
}

/** The regulators' read-only list of every participant's declarations. */
export function RegulatorDeclarationsPage() {
  const { t } = useI18n();
  useDocumentTitle("areas.declarations");
  return (
    <article className="declarations-page">
      <h1 data-testid="declarations-page-title">{t("areas.declarations")}</h1>
      <DeclarationsTable regulator />
    </article>
  );
}
