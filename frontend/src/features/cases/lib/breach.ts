import type { components } from "@/api/schema";
import { formatDateRange } from "@/lib/format";
import type { Language } from "@/lib/i18n";

type RuleTitle = components["schemas"]["RuleTitle"];
type Window = components["schemas"]["BreachWindow"];

/** A rule as people read it: its title in their language (the id is for machines). */
export function ruleTitle(rule: RuleTitle, language: Language): string {
  return language === "fr" ? rule.fr : rule.en;
}

/** The window a cumulative breach is counted in: « 2026 » for a calendar year, else its dates. */
export function breachWindowText(window: Window, language: Language): string {
  const { start, end } = window;
  if (start.slice(5) === "01-01" && end.slice(5) === "12-31" && start.slice(0, 4) === end.slice(0, 4)) {
    return start.slice(0, 4);
  }
  return formatDateRange(start, end, language);
}

/** The rule a cumulative case follows, titled, with its window: « Dotation carte, 2026 ». */
export function breachText(
  kase: { rule_id: string; rule_titles: readonly RuleTitle[]; window: Window | null },
  language: Language,
): string {
  const rule = kase.rule_titles.find((r) => r.rule_id === kase.rule_id);
  const title = rule === undefined ? "" : ruleTitle(rule, language);
  return kase.window === null ? title : `${title}, ${breachWindowText(kase.window, language)}`;
}
