export { CohortsPage } from "./components/cohorts-page";
