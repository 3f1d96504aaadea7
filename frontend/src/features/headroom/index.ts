export { HeadroomBars, HeadroomPage } from "./components/headroom-bars";
