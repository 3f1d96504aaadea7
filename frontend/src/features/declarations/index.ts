export { DeclarationsPage, RegulatorDeclarationsPage } from "./components/declarations-page";
export { ImportPage } from "./components/import-page";
export { SimulatorPage } from "./components/simulator-page";
