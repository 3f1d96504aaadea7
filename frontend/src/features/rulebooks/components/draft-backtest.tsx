import { useId } from "react";
import { Link } from "react-router";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { useCodeLabel } from "@/lib/i18n";

import { useBacktestDraft, type VersionDetail } from "../api/rulebooks";
import { useRulebooksT } from "../messages";

/** The draft's backtest, one click away: run on this year's payments, its report a link away. */
export function DraftBacktest({ version, dirty }: { version: VersionDetail; dirty: boolean }) {
  const { t } = useRulebooksT();
  const label = useCodeLabel();
  const id = useId();
  const start = useBacktestDraft(version.id);
  const year = Number(version.effective_from.slice(0, 4)) || new Date().getFullYear();
  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="draft-backtest">
      <h3 id={`${id}-title`} className="panel__title">
        {t("backtest.title")}
      </h3>
      <p className="muted">{t("backtest.intro", { year })}</p>
      {dirty && <p className="notice notice--warning">{t("backtest.unsaved")}</p>}
      <button
        type="button"
        className="button"
        data-testid="run-backtest"
        disabled={dirty || start.isPending}
        onClick={() => {
          start.mutate(year);
        }}
      >
        {t("backtest.run")}
      </button>
      {start.isSuccess && (
        <p role="status" className="notice notice--done" data-testid="backtest-started">
          {t("backtest.started")} ({label("jobStatus", start.data.status)}){" "}
          <Link to={`/regulator/backtests?backtest=${encodeURIComponent(start.data.id)}`}>{t("backtest.open")}</Link>
        </p>
      )}
      {start.isError && <Alert>{errorMessage(start.error, t)}</Alert>}
    </section>
  );
}
