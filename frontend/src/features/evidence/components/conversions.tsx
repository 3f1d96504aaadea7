import { useId } from "react";

import { useI18n } from "@/lib/i18n";

import { TOTAL, type Measures } from "../api/types";
import { methodText, useEvidenceT } from "../lib/i18n";
import { formatCount } from "../lib/measures";
import { Suppressed } from "./headline";

/**
 * How the scope's MAD amounts were obtained: at the rate of the value date, carried forward,
 * derived, estimated, declared in dirhams, or still waiting for a rate. Hidden counts say so.
 */
export function Conversions({ measures }: { measures: Measures }) {
  const { t, language } = useI18n();
  const { e } = useEvidenceT();
  const titleId = useId();
  const rows = measures.tables.conversions;
  if (rows === undefined) {
    return null;
  }
  return (
    <section className="panel" aria-labelledby={titleId} data-testid="conversions">
      <h2 id={titleId} className="panel__title">
        {e("conversions.title")}
      </h2>
      <p className="muted">{e("conversions.note")}</p>
      <div className="evidence-scroll">
        <table className="evidence-table">
          <thead>
            <tr>
              <th scope="col">{e("conversions.method")}</th>
              <th scope="col" className="evidence-table__number">
                {e("conversions.declarations")}
              </th>
              <th scope="col" className="evidence-table__number">
                {e("conversions.participants")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr
                key={row.method}
                data-testid={`conversions-${row.method}`}
                className={row.method === TOTAL ? "evidence-breakdown__total" : undefined}
              >
                <th scope="row">{methodText(language, row.method)}</th>
                <td className="evidence-table__number">
                  {formatCount(row.declarations, language) ?? <Suppressed text={t("evidence.suppressed")} />}
                </td>
                <td className="evidence-table__number">
                  {formatCount(row.participants, language) ?? <Suppressed text={t("evidence.suppressed")} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
