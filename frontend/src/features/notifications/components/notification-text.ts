import type { CodeGroup, Language, Translate } from "@/lib/i18n";
import { formatDateTime, formatMad, formatRelative } from "@/lib/format";

import type { Notification } from "../api/notifications";
import type { NotificationsMessageKey } from "../messages";

type Label = (group: CodeGroup, code: string | number) => string;

function text(params: Notification["params"], name: string): string {
  const value = params[name];
  return typeof value === "string" || typeof value === "number" ? String(value) : "";
}

/** A notification's sentence in the reader's language, from its kind and the values it carries. */
export function notificationText(
  notification: Notification,
  t: Translate<NotificationsMessageKey>,
  label: Label,
  language: Language,
): string {
  const p = notification.params;
  const fr = language === "fr";
  switch (notification.kind) {
    case "request_created":
      return t("kind.request_created", {
        requestKind: text(p, "request_kind"),
        reference: text(p, "reference"),
        message: text(p, "message"),
      });
    case "decision_taken":
      return t("kind.decision_taken", {
        reference: text(p, "reference"),
        outcome: label("caseOutcome", text(p, "outcome")),
        user: text(p, "decided_by"),
      });
    case "verdict_changed":
      return t("kind.verdict_changed", {
        reference: text(p, "reference"),
        rulebook: text(p, fr ? "rulebook_fr" : "rulebook_en"),
        before: label("verdict", text(p, "before")),
        after: label("verdict", text(p, "after")),
      });
    case "allowance_crossed":
      return t("kind.allowance_crossed", {
        rule: text(p, fr ? "rule_fr" : "rule_en"),
        rulebook: text(p, fr ? "rulebook_fr" : "rulebook_en"),
        threshold: text(p, "threshold"),
        used: formatMad(text(p, "used"), language, { cents: "auto" }),
        limit: formatMad(text(p, "limit"), language, { cents: "auto" }),
      });
    case "case_assigned":
      return t("kind.case_assigned", {
        reference: text(p, "reference"),
        participant: text(p, "participant"),
        due: text(p, "due") === "" ? "—" : formatDateTime(text(p, "due"), language),
      });
    case "review_requested":
      return t("kind.review_requested", {
        user: text(p, "requested_by"),
        rulebook: text(p, fr ? "rulebook_fr" : "rulebook_en"),
        number: text(p, "number"),
      });
    case "sla_due_soon":
      return t("kind.sla_due_soon", {
        reference: text(p, "reference"),
        participant: text(p, "participant"),
        due: formatRelative(text(p, "due"), language),
      });
  }
}
