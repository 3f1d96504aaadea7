export { RequestsPanel } from "./components/requests-panel";
