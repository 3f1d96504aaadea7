export { CasesPage } from "./components/cases-page";
