import { Link } from "react-router";

import { QueryState } from "@/components/ui/query-state";
import { formatNumber } from "@/lib/format";

import { useCaseSummary } from "../api/cases";
import { viewCount, type QueueView } from "../lib/views";
import { useCasesT } from "../messages";
import "../cases.css";

const TILES: readonly QueueView[] = ["open", "overdue", "unassigned", "mine", "awaiting"];

/** The regulator's home: what is waiting, each count a link to the queue view it counts. */
export function SupervisorSummary() {
  const { t, language } = useCasesT();
  const summary = useCaseSummary();
  return (
    <section className="panel" aria-labelledby="summary-title" data-testid="supervisor-summary">
      <h2 id="summary-title" className="panel__title">
        {t("home.title")}
      </h2>
      <QueryState query={summary} loading={t("home.loading")}>
        {(data) => (
          <ul className="tiles">
            {TILES.map((view) => (
              <li key={view}>
                <Link className={`tile${view === "overdue" && data.overdue > 0 ? " tile--alert" : ""}`} to={`/regulator/cases?view=${view}`} data-testid={`tile-${view}`}>
                  <span className="tile__count">{formatNumber(viewCount(view, data) ?? 0, language)}</span>
                  <span className="tile__label">{t(`view.${view}`)}</span>
                </Link>
              </li>
            ))}
            <li>
              <Link className="tile" to="/regulator/rulebooks" data-testid="tile-drafts">
                <span className="tile__count">{formatNumber(data.drafts_awaiting_review, language)}</span>
                <span className="tile__label">{t("home.drafts")}</span>
              </Link>
            </li>
          </ul>
        )}
      </QueryState>
    </section>
  );
}
