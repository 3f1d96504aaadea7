export { RulebooksPage } from "./components/rulebooks-page";
