import { TableScroll } from "@/components/ui/table-scroll";
import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";

import { useParticipants } from "../api/evidence";
import type { FilterQuery } from "../lib/filters";
import { formatCount, formatMad } from "../lib/measures";
import { useEvidenceT } from "../messages";
import { useEvidenceLabels } from "./labels";

/** Regulators' drill-down: each participant's declarations and MAD by verdict pair. */
export function ParticipantsTable({ query }: { query: FilterQuery }) {
  const { t, language } = useEvidenceT();
  const labels = useEvidenceLabels();
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
          <TableScroll label={t("evidence.table.scroll", { title: t("evidence.participants.title") })}>
            <table className="evidence-table">
              <thead>
                <tr>
                  <th scope="col">{t("evidence.participants.name")}</th>
                  <th scope="col">{t("evidence.filters.cluster")}</th>
                  <th scope="col">{t("evidence.filters.sector")}</th>
                  <th scope="col">{t("evidence.filters.region")}</th>
                  <th scope="col" className="evidence-table__number">{t("evidence.figure.declarations")}</th>
                  <th scope="col" className="evidence-table__number">{t("evidence.pair.unlocked")} · {t("evidence.basis.law")}</th>
                  <th scope="col" className="evidence-table__number">{t("evidence.pair.unlocked")} · {t("evidence.basis.illustrative")}</th>
                  <th scope="col" className="evidence-table__number">{t("evidence.pair.newly_blocked")}</th>
                  <th scope="col" className="evidence-table__number">{t("evidence.pair.breach_both")}</th>
                  <th scope="col" className="evidence-table__number">{t("evidence.figure.mad")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.data.results.map((row) => (
                  <tr key={row.participant.id} data-testid={`participant-${row.participant.id}`}>
                    <th scope="row" data-free-text>{row.participant.name}</th>
                    <td>{labels.cluster(row.cluster)}</td>
                    <td data-free-text>{labels.value("sector", row.sector)}</td>
                    <td data-free-text>{labels.value("region", row.region)}</td>
                    <td className="evidence-table__number">{formatCount(row.declarations, language)}</td>
                    <td className="evidence-table__number">{formatMad(row.unlocked_law.mad, language)}</td>
                    <td className="evidence-table__number">{formatMad(row.unlocked_illustrative.mad, language)}</td>
                    <td className="evidence-table__number">{formatMad(row.newly_blocked.mad, language)}</td>
                    <td className="evidence-table__number">{formatMad(row.breach_both.mad, language)}</td>
                    <td className="evidence-table__number">{formatMad(row.mad, language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ))}
    </section>
  );
}
