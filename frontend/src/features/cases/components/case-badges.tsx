import { useCodeLabel } from "@/lib/i18n";

import { useCasesT } from "../messages";

interface Props {
  state: string;
  priority?: number;
  overdue?: boolean;
  outcome?: string;
}

/** State, priority, overdue and outcome as badges (colour plus words, never colour alone). */
export function CaseBadges({ state, priority, overdue = false, outcome = "" }: Props) {
  const { t } = useCasesT();
  const label = useCodeLabel();
  return (
    <span className="case-badges">
      <span className={`case-badge case-badge--state-${state}`} data-testid="case-state">
        {label("caseState", state)}
      </span>
      {priority !== undefined && (
        <span className={`case-badge case-badge--priority-${priority}`} data-testid="case-priority">
          {label("casePriority", priority)}
        </span>
      )}
      {overdue && (
        <span className="case-badge case-badge--overdue" data-testid="case-overdue">
          {t("queue.overdue")}
        </span>
      )}
      {outcome !== "" && (
        <span className="case-badge case-badge--outcome" data-testid="case-outcome">
          {label("caseOutcome", outcome)}
        </span>
      )}
    </span>
  );
}
