export {
  PROGRESS_POLL_MS,
  pollWhileRunning,
  useScreeningRun,
  useStartScreeningRun,
  type JobStatus,
  type ScreeningRun,
  type Verdict,
} from "./api/screening";
export { VerdictBadge, VerdictsPanel } from "./components/verdicts-panel";
