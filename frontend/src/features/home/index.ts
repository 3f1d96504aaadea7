export { WorkspaceHome } from "./components/workspace-home";
