export { EvidencePage } from "./components/evidence-page";
export { ExportsPage } from "./components/exports-page";
