import { Alert } from "@/components/ui/alert";
import { useScreeningT } from "@/features/screening";
import { errorMessage } from "@/lib/error-message";
import { useDocumentTitle, useI18n } from "@/lib/i18n";

import { useHeadroom, type HeadroomRow } from "../api/headroom";
import { headroomLine, isOver, orderRows, resetLine, usedPercent } from "../lib/headroom";

/** Progress bars of each annual cap under both rulebooks (illustrative limits marked). */
export function HeadroomBars() {
  const { t } = useI18n();
  const { s } = useScreeningT();
  const headroom = useHeadroom();
  return (
    <section className="panel headroom" aria-labelledby="headroom-title" data-testid="headroom">
      <h2 id="headroom-title" className="panel__title">
        {s("headroom.title")}
      </h2>
      {headroom.isError && <Alert>{errorMessage(headroom.error, t)}</Alert>}
      {headroom.isSuccess && headroom.data.rows.length === 0 && <p className="muted">{s("headroom.empty")}</p>}
      {headroom.isSuccess && (
        <ul className="headroom__list">
          {orderRows(headroom.data.rows).map((row) => (
            <HeadroomBar key={`${row.version.id}-${row.rule_id}`} row={row} />
          ))}
        </ul>
      )}
    </section>
  );
}

function HeadroomBar({ row }: { row: HeadroomRow }) {
  const { s, language } = useScreeningT();
  const line = headroomLine(row, language);
  const title = language === "fr" ? row.title_fr : row.title_en;
  return (
    <li className="headroom__row" data-testid={`headroom-${row.rulebook.kind}-${row.rule_id}`}>
      <div>
        <strong>{title}</strong>
        {row.illustrative && (
          <>
            {" "}
            <span className="illustrative-tag">{s("illustrative.tag")}</span>
          </>
        )}
      </div>
      <progress className="headroom__bar" max={100} value={usedPercent(row.used, row.limit)} aria-label={line} />
      <div>
        {line}
        {isOver(row) && (
          <>
            {" "}
            <strong className="headroom__over">{s("headroom.over")}</strong>
          </>
        )}
      </div>
      <div className="muted">
        {resetLine(row, language)}
        {row.pending_count > 0 && ` ${s("headroom.pending", { count: row.pending_count })}`}
      </div>
    </li>
  );
}

/** The startup's headroom page (the same bars as on the home page, with an introduction). */
export function HeadroomPage() {
  const { s } = useScreeningT();
  useDocumentTitle("areas.headroom");
  return (
    <article className="headroom-page">
      <p className="muted">{s("headroom.intro")}</p>
      <HeadroomBars />
    </article>
  );
}
