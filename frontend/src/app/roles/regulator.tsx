/** The regulator's pages: one chunk, loaded by regulators only. */
import { RoleHome } from "./role-home";

export { BacktestsPage, SweepsPage } from "@/features/backtests";
export { CasesPage } from "@/features/cases";
export { CohortsPage } from "@/features/cohorts";
export { RegulatorDeclarationsPage } from "@/features/declarations";
export { EvidencePage } from "@/features/evidence";
export { RatesPage } from "@/features/rates";
export { RulebooksPage } from "@/features/rulebooks";

export function Home() {
  return <RoleHome role="regulator" />;
}
