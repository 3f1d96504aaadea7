export { BacktestsPage } from "./components/backtests-page";
export { SweepsPage } from "./components/sweeps-page";
