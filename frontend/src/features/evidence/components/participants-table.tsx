import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { useI18n } from "@/lib/i18n";

import { useParticipants } from "../api/evidence";
import type { FilterQuery } from "../lib/filters";
import { formatCount, formatMad } from "../lib/measures";
import { clusterName } from "./labels";

/** Regulators' drill-down: each participant's declarations and MAD by verdict pair. */
export function ParticipantsTable({ query }: { query: FilterQuery }) {
  const { t, language } = useI18n();
  const rows = useParticipants(query);
  return (
    <section className="panel" aria-labelledby="evidence-participants-title" data-testid="participants-table">
      <h2 id="evidence-participants-title" className="panel__title">
        {t("evidence.participants.title")}
      </h2>
      <p className="muted">{t("evidence.participants.intro")}</p>
      {rows.isPending && <p className="muted">{t("app.loading")}</p>}
      {rows.isError && <Alert>{errorMessage(rows.error, t)}</Alert>}
      {rows.isSuccess &&
        (rows.data.results.length === 0 ? (
          <p className="muted">{t("evidence.participants.empty")}</p>
        ) : (
          <div className="evidence-scroll">
            <table className="evidence-table">
              <thead>
                <tr>
                  <th scope="col">{t("evidence.participants.name")}</th>
                  <th scope="col">{t("evidence.filters.cluster")}</th>
                  <th scope="col">{t("evidence.filters.sector")}</th>
                  <th scope="col">{t("evidence.filters.region")}</th>
                  <th scope="col" className="evidence-table__number">{t("evidence.figure.declarations")}</th>
                  <th scope="col" className="evidence-table__number">{t("evidence.pair.unlocked")}</th>
                  <th scope="col" className="evidence-table__number">{t("evidence.pair.newly_blocked")}</th>
                  <th scope="col" className="evidence-table__number">{t("evidence.pair.breach_both")}</th>
                  <th scope="col" className="evidence-table__number">{t("evidence.figure.mad")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.data.results.map((row) => (
                  <tr key={row.participant.id} data-testid={`participant-${row.participant.id}`}>
                    <th scope="row">{row.participant.name}</th>
                    <td>{clusterName(row.cluster, language)}</td>
                    <td>{row.sector}</td>
                    <td>{row.region}</td>
                    <td className="evidence-table__number">{formatCount(row.declarations, language)}</td>
                    <td className="evidence-table__number">{formatMad(row.unlocked.mad, language)}</td>
                    <td className="evidence-table__number">{formatMad(row.newly_blocked.mad, language)}</td>
                    <td className="evidence-table__number">{formatMad(row.breach_both.mad, language)}</td>
                    <td className="evidence-table__number">{formatMad(row.mad, language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}
