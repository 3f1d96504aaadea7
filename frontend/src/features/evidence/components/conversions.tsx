import { useId } from "react";

import { TableScroll } from "@/components/ui/table-scroll";

import { TOTAL, type Measures } from "../api/types";
import { formatCount } from "../lib/measures";
import { evidenceMessages, useEvidenceT } from "../messages";
import { Suppressed } from "./headline";

/**
 * How the scope's MAD amounts were obtained: at the rate of the value date, carried forward,
 * derived, estimated, declared in dirhams, or still waiting for a rate. Hidden counts say so.
 */
export function Conversions({ measures }: { measures: Measures }) {
  const { t, language } = useEvidenceT();
  const titleId = useId();
  const rows = measures.tables.conversions;
  if (rows === undefined) {
    return null;
  }
  const methodName = (method: string) => {
    const key = `evidence.conversions.method.${method}`;
    // A method this page does not know yet is reported by i18n and shown as its code.
    return evidenceMessages.has(key) ? t(key) : t(key as "evidence.conversions.method", { defaultValue: method });
  };
  return (
    <section className="panel" aria-labelledby={titleId} data-testid="conversions">
      <h2 id={titleId} className="panel__title">
        {t("evidence.conversions.title")}
      </h2>
      <p className="muted">{t("evidence.conversions.note")}</p>
      <TableScroll label={t("evidence.table.scroll", { title: t("evidence.conversions.title") })}>
        <table className="evidence-table">
          <thead>
            <tr>
              <th scope="col">{t("evidence.conversions.method")}</th>
              <th scope="col" className="evidence-table__number">
                {t("evidence.conversions.declarations")}
              </th>
              <th scope="col" className="evidence-table__number">
                {t("evidence.conversions.participants")}
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
                <th scope="row">{methodName(row.method)}</th>
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
      </TableScroll>
    </section>
  );
}
