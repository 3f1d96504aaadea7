import type { Language } from "@/lib/i18n";

import type { Finding, Verdict } from "../api/screening";

/** Rules in force first, then the proposal; the API already orders them, this keeps it so. */
export function orderVerdicts(verdicts: readonly Verdict[]): Verdict[] {
  const rank = (verdict: Verdict) => (verdict.rulebook.kind === "in_force" ? 0 : 1);
  return [...verdicts].sort((a, b) => rank(a) - rank(b));
}

/** A finding's explanation in the reader's language. */
export function findingExplanation(finding: Finding, language: Language): string {
  return language === "fr" ? finding.explanation_fr : finding.explanation_en;
}
