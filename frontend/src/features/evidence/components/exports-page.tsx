import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { useDocumentTitle } from "@/lib/i18n";
import { api, unwrap } from "@/lib/api-client";
import { useQuery } from "@tanstack/react-query";

import { evidenceQueryKey } from "../api/evidence";
import { useEvidenceT } from "../messages";
import { ExportJobRow } from "./exports-panel";
import { PacksList } from "./packs-list";
import "../evidence.css";

/** The organisation's exports (with progress and download links) and its evidence packs. */
export function ExportsPage() {
  const { t } = useEvidenceT();
  useDocumentTitle("areas.exports");
  const exports = useQuery({
    queryKey: [...evidenceQueryKey, "exports"],
    queryFn: () => unwrap(api.GET("/api/v1/evidence-exports/")),
  });
  return (
    <article className="evidence">
      <h1 data-testid="exports-title">{t("areas.exports")}</h1>
      <section className="panel" aria-labelledby="evidence-recent-title">
        <h2 id="evidence-recent-title" className="panel__title">
          {t("evidence.exports.recent")}
        </h2>
        {exports.isPending && <p className="muted">{t("app.loading")}</p>}
        {exports.isError && <Alert>{errorMessage(exports.error, t)}</Alert>}
        {exports.isSuccess &&
          (exports.data.results.length === 0 ? (
            <p className="muted">{t("evidence.exports.none")}</p>
          ) : (
            <ul className="evidence-exports__jobs">
              {exports.data.results.map((job) => (
                <ExportJobRow key={job.id} id={job.id} format={job.format} />
              ))}
            </ul>
          ))}
      </section>
      <PacksList />
    </article>
  );
}
