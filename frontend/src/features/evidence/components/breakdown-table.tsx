import { useId } from "react";

import { useI18n } from "@/lib/i18n";

import type { Cell, PairRow } from "../api/types";
import { useEvidenceT } from "../lib/i18n";
import { BREAKDOWN_COLUMNS, breakdownRows, formatCount, formatMad } from "../lib/measures";
import { Suppressed } from "./headline";
import { pairKey } from "./labels";

interface BreakdownTableProps {
  title: string;
  /** The table's dimension column in the API rows (`sector`, `country`, …). */
  dimension: string;
  /** The dimension's name, heading the column of its values. */
  dimensionLabel: string;
  rows: readonly PairRow[];
  testId: string;
  labelOf?: (label: string) => string;
}

/** One breakdown (a value of the dimension per row, a verdict pair per column), margins last. */
export function BreakdownTable({
  title,
  dimension,
  dimensionLabel,
  rows,
  testId,
  labelOf = (label) => label,
}: BreakdownTableProps) {
  const { t } = useI18n();
  const { e } = useEvidenceT();
  const titleId = useId();
  const table = breakdownRows(rows, dimension);
  return (
    <figure className="evidence-breakdown" data-testid={testId} aria-labelledby={titleId}>
      <figcaption id={titleId} className="evidence-chart__title">
        {title}
      </figcaption>
      {table.length === 0 ? (
        <p className="muted">{e("breakdowns.empty")}</p>
      ) : (
        <div className="evidence-scroll">
          <table className="evidence-table evidence-breakdown__table" aria-labelledby={titleId}>
            <thead>
              <tr>
                <th scope="col">{dimensionLabel}</th>
                {BREAKDOWN_COLUMNS.map((pair) => (
                  <th key={pair} scope="col" className="evidence-table__number">
                    {t(pairKey(pair))}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.map((row) => (
                <tr
                  key={row.label}
                  className={row.total ? "evidence-breakdown__total" : undefined}
                  data-testid={`row-${row.label}`}
                >
                  <th scope="row">{row.total ? e("breakdowns.total") : labelOf(row.label)}</th>
                  {BREAKDOWN_COLUMNS.map((pair) => (
                    <td key={pair} className="evidence-table__number" data-testid={`cell-${pair}`}>
                      <BreakdownCell cell={row.cells[pair]} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </figure>
  );
}

/** A cell's MAD, then its declarations and participants; a suppressed cell says so in words. */
function BreakdownCell({ cell }: { cell: Cell }) {
  const { t, language } = useI18n();
  const { e } = useEvidenceT();
  const mad = formatMad(cell.mad, language);
  const declarations = formatCount(cell.declarations, language);
  const participants = formatCount(cell.participants, language);
  if (cell.suppressed || mad === null || declarations === null || participants === null) {
    return <Suppressed text={t("evidence.suppressed")} />;
  }
  if (cell.declarations === 0) {
    return <span className="muted">0</span>;
  }
  const counts = { declarations, participants };
  return (
    <>
      <span className="evidence-breakdown__mad" data-testid="cell-mad">
        {mad}
      </span>
      <span className="evidence-breakdown__counts">
        <span aria-hidden="true" data-testid="cell-counts" title={e("breakdowns.countsFull", counts)}>
          {e("breakdowns.counts", counts)}
        </span>
        <span className="evidence-hidden">{e("breakdowns.countsFull", counts)}</span>
      </span>
    </>
  );
}
