/** The regulator's pages: one chunk, loaded by regulators only. */
import { SupervisorSummary } from "@/features/cases";

import { RoleHome } from "./role-home";

export { NotificationsPage } from "@/features/notifications";

export { BacktestsPage, SweepsPage } from "@/features/backtests";
export { CasesPage } from "@/features/cases";
export { CohortsPage } from "@/features/cohorts";
export { RegulatorDeclarationsPage } from "@/features/declarations";
export { EvidencePage } from "@/features/evidence";
export { ParticipantsPage } from "@/features/participants";
export { RatesPage } from "@/features/rates";
export { RulebooksPage } from "@/features/rulebooks";

export function Home() {
  return (
    <RoleHome role="regulator">
      <SupervisorSummary />
    </RoleHome>
  );
}
