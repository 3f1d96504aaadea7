export { CasesPage } from "./components/cases-page";
export { SupervisorSummary } from "./components/supervisor-summary";
