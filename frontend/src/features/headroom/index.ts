export { HeadroomBars, HeadroomPage } from "./components/headroom-bars";
export { headroomLine, isOver, missingLine, resetLine } from "./lib/headroom";
