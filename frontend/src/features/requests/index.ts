export { DeclarationRequests, RequestsPanel } from "./components/requests-panel";
