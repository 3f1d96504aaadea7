import { useId } from "react";

import { TableScroll } from "@/components/ui/table-scroll";

import type { Cell, PairRow } from "../api/types";
import { BREAKDOWN_COLUMNS, breakdownRows, formatCount, formatMad, type BreakdownCell } from "../lib/measures";
import { useEvidenceT } from "../messages";
import { Suppressed } from "./headline";
import { pairKey } from "./labels";

interface BreakdownTableProps {
  title: string;
  /** The table's dimension column in the API rows (`category`, `country`, …). */
  dimension: string;
  /** The dimension's name, heading the column of its values. */
  dimensionLabel: string;
  /** The rows; undefined when the server left the table out (the population is filtered on it). */
  rows: readonly PairRow[] | undefined;
  testId: string;
  labelOf: (label: string) => string;
}

/** One breakdown (a value of the dimension per row, a verdict pair per column), margins last. */
export function BreakdownTable({ title, dimension, dimensionLabel, rows, testId, labelOf }: BreakdownTableProps) {
  const { t } = useEvidenceT();
  const titleId = useId();
  const table = breakdownRows(rows ?? [], dimension);
  let body;
  if (rows === undefined) {
    body = <p className="muted">{t("evidence.breakdowns.filtered")}</p>;
  } else if (table.length === 0) {
    body = <p className="muted">{t("evidence.breakdowns.empty")}</p>;
  } else {
    body = (
      <TableScroll label={t("evidence.table.scroll", { title })}>
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
              <tr key={row.label} className={row.total ? "evidence-breakdown__total" : undefined} data-testid={`row-${row.label}`}>
                <th scope="row">{row.total ? t("evidence.breakdowns.total") : labelOf(row.label)}</th>
                {BREAKDOWN_COLUMNS.map((pair) => (
                  <td key={pair} className="evidence-table__number" data-testid={`cell-${pair}`}>
                    <BreakdownCellView cell={row.cells[pair]} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    );
  }
  return (
    <figure className="evidence-breakdown" data-testid={testId} aria-labelledby={titleId}>
      <figcaption id={titleId} className="evidence-chart__title">
        {title}
      </figcaption>
      {body}
    </figure>
  );
}

/** A cell's MAD, its declarations and participants, then its illustrative part when it has one. */
function BreakdownCellView({ cell }: { cell: BreakdownCell }) {
  const { t, language } = useEvidenceT();
  const illustrative = cell.illustrative;
  const extra =
    illustrative === null || (illustrative.declarations === 0 && !illustrative.suppressed) ? null : (
      <span className="evidence-breakdown__illustrative" data-testid="cell-illustrative">
        {illustrative.suppressed || illustrative.mad === null ? (
          <Suppressed text={t("evidence.breakdowns.illustrativeHidden")} />
        ) : (
          t("evidence.breakdowns.illustrative", { mad: formatMad(illustrative.mad, language) ?? "" })
        )}
      </span>
    );
  return (
    <>
      <Figures cell={cell.main} />
      {extra}
    </>
  );
}

function Figures({ cell }: { cell: Cell }) {
  const { t, language } = useEvidenceT();
  const mad = formatMad(cell.mad, language);
  const declarations = formatCount(cell.declarations, language);
  const participants = formatCount(cell.participants, language);
  if (cell.suppressed || mad === null || declarations === null || participants === null) {
    return <Suppressed text={t("evidence.suppressed")} />;
  }
  if (cell.declarations === 0) {
    return <span className="muted">0</span>;
  }
  const full = t("evidence.breakdowns.countsFull", {
    declarations: cell.declarations ?? 0,
    participants: cell.participants ?? 0,
  });
  return (
    <>
      <span className="evidence-breakdown__mad" data-testid="cell-mad">
        {mad}
      </span>
      <span className="evidence-breakdown__counts">
        <span aria-hidden="true" data-testid="cell-counts" title={full}>
          {t("evidence.breakdowns.counts", { declarations, participants })}
        </span>
        <span className="visually-hidden">{full}</span>
      </span>
    </>
  );
}
