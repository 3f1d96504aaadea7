import { QueryState } from "@/components/ui/query-state";
import { formatPercent } from "@/lib/format";
import { useDocumentTitle } from "@/lib/i18n";

import { useHeadroom, type HeadroomRow } from "../api/headroom";
import { headroomLine, isOver, missingLine, orderRows, resetLine, usedPercent } from "../lib/headroom";
import { useHeadroomT } from "../messages";
import "../headroom.css";

/** Progress bars of each annual cap under both rulebooks (illustrative limits marked). */
export function HeadroomBars({ headingLevel = 2 }: { headingLevel?: 1 | 2 }) {
  const { t } = useHeadroomT();
  const headroom = useHeadroom();
  const Heading = headingLevel === 1 ? "h1" : "h2";
  return (
    <section className="panel headroom" aria-labelledby="headroom-title" data-testid="headroom">
      <Heading id="headroom-title" className="panel__title">
        {t("headroom.title")}
      </Heading>
      <QueryState
        query={headroom}
        loading={t("headroom.loading")}
        isEmpty={(data) => data.rows.length === 0}
        empty={<p className="muted">{t("headroom.empty")}</p>}
      >
        {(data) => (
          <ul className="headroom__list">
            {orderRows(data.rows).map((row) => (
              <HeadroomBar key={`${row.version.id}-${row.rule_id}`} row={row} />
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}

function HeadroomBar({ row }: { row: HeadroomRow }) {
  const { t, language } = useHeadroomT();
  const line = headroomLine(row, language);
  const title = language === "fr" ? row.title_fr : row.title_en;
  const percent = usedPercent(row.used, row.limit);
  const missing = missingLine(row, language);
  return (
    <li className="headroom__row" data-testid={`headroom-${row.rulebook.kind}-${row.rule_id}`}>
      <div>
        <strong>{title}</strong>
        {row.illustrative && (
          <>
            {" "}
            <span className="illustrative-tag">{t("tag.illustrative")}</span>
          </>
        )}
      </div>
      {percent !== null && (
        <div className="headroom__track">
          <progress
            className={`headroom__bar${percent >= 100 ? " headroom__bar--full" : percent >= 80 ? " headroom__bar--near" : ""}`}
            max={100}
            value={percent}
            aria-label={line}
          />
          <span className="headroom__percent">{formatPercent(percent / 100, language)}</span>
        </div>
      )}
      <div>
        {line}
        {isOver(row) && (
          <>
            {" "}
            <strong className="headroom__over">{t("headroom.over")}</strong>
          </>
        )}
      </div>
      <div className="muted">
        {resetLine(row, language)}
        {row.pending_count > 0 && ` ${t("headroom.pending", { count: row.pending_count })}`}
      </div>
      {missing !== null && (
        <div className="headroom__missing" data-testid="headroom-missing">
          {missing}
        </div>
      )}
    </li>
  );
}

/** The startup's headroom page (the same bars as on the home page, with an introduction). */
export function HeadroomPage() {
  const { t } = useHeadroomT();
  useDocumentTitle("areas.headroom");
  return (
    <article className="headroom-page">
      <HeadroomBars headingLevel={1} />
      <p className="muted">{t("headroom.intro")}</p>
    </article>
  );
}
