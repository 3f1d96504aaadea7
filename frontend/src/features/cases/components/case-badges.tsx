import { useCasesT, type CasesMessageKey } from "../lib/i18n";

interface Props {
  state: string;
  priority?: number;
  overdue?: boolean;
  outcome?: string;
}

/** State, priority, overdue and outcome as badges (colour plus words, never colour alone). */
export function CaseBadges({ state, priority, overdue = false, outcome = "" }: Props) {
  const { c } = useCasesT();
  return (
    <span className="case-badges">
      <span className={`case-badge case-badge--state-${state}`} data-testid="case-state">
        {c(`state.${state}` as CasesMessageKey)}
      </span>
      {priority !== undefined && (
        <span className={`case-badge case-badge--priority-${priority}`} data-testid="case-priority">
          {c(`priority.${priority}` as CasesMessageKey)}
        </span>
      )}
      {overdue && (
        <span className="case-badge case-badge--overdue" data-testid="case-overdue">
          {c("badge.overdue")}
        </span>
      )}
      {outcome !== "" && (
        <span className="case-badge case-badge--outcome" data-testid="case-outcome">
          {c(`outcome.${outcome}` as CasesMessageKey)}
        </span>
      )}
    </span>
  );
}
