export { CasesPage } from "./components/cases-page";
export { SupervisorSummary } from "./components/supervisor-summary";
export { breachText, ruleTitle } from "./lib/breach";
