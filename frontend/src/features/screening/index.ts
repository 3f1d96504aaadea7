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
export { formatDay, formatMad } from "./lib/format";
export { screeningText, useScreeningT, type ScreeningMessageKey, type ScreeningTranslate } from "./lib/i18n";
