import { useCallback } from "react";

import { formatDateLong, formatMad, formatPercent } from "@/lib/format";
import { useCodeLabel, type CodeGroup } from "@/lib/i18n";
import { useCategoryLabel } from "@/lib/reference-data";
import { countryName } from "@/lib/regions";

import { rulebooksMessages, useRulebooksT } from "../messages";

/** The code labels a list or a value of this field is named by. */
const CODE_GROUPS: Readonly<Record<string, CodeGroup>> = {
  channels: "channel",
  directions: "direction",
  required_documents: "documentKind",
  severity: "severity",
  confidence: "confidence",
  kind: "ruleKind",
  missing_outcome: "outcome",
  unknown_outcome: "outcome",
  outcome: "outcome",
  missing_start_outcome: "outcome",
  failure_outcome: "outcome",
  stale_outcome: "outcome",
  estimate_outcome: "outcome",
};
const CHOICE_GROUPS: Readonly<Record<string, string>> = {
  period: "period",
  measure: "measure",
  start: "dateColumn",
  end: "dateColumn",
};
const COUNTRY_LISTS = new Set(["countries", "deny", "review", "allow"]);

/**
 * A value of a rulebook document as a person reads it, from the name of its field: amounts in
 * dirhams, basis points as percentages, codes by their label, countries by their name. Objects
 * (conditions, exceptions) come back as null: they are shown as written, as code.
 */
export function useValueText(): (path: string | readonly string[], value: unknown) => string | null {
  const { t, language } = useRulebooksT();
  const label = useCodeLabel();
  const category = useCategoryLabel();
  return useCallback(
    (path: string | readonly string[], value: unknown): string | null => {
      const names = typeof path === "string" ? [path] : path;
      const field = names[names.length - 1] ?? "";
      // The rulebook's own kind (in force, proposed), not a rule's.
      const rulebookKind = names[0] === "rulebook" && field === "kind";
      const one = (item: unknown): string | null => {
        if (typeof item !== "string" && typeof item !== "number") {
          return null;
        }
        const text = String(item);
        if (field.endsWith("_mad") && /^\d+(\.\d+)?$/.test(text)) {
          return formatMad(text, language);
        }
        if (field.endsWith("_bp") && typeof item === "number") {
          return formatPercent(item / 10_000, language, 2);
        }
        if (field === "categories") {
          return category(text);
        }
        if (COUNTRY_LISTS.has(field)) {
          return `${countryName(text, language)} (${text})`;
        }
        if (field === "effective_from" || field === "published_on") {
          return /^\d{4}-\d{2}-\d{2}$/.test(text) ? formatDateLong(text, language) : text;
        }
        const group = rulebookKind ? "rulebookKind" : CODE_GROUPS[field];
        if (group !== undefined) {
          return label(group, text);
        }
        const choice = CHOICE_GROUPS[field];
        if (choice !== undefined) {
          const key = `choice.${choice}.${text}`;
          return rulebooksMessages.has(key) ? t(key) : text;
        }
        return text;
      };
      if (Array.isArray(value)) {
        const items = value.map(one);
        return items.every((item) => item !== null) ? items.join(", ") : null;
      }
      return one(value);
    },
    [category, label, language, t],
  );
}

/** JSON of a condition or an exception, compact, for the rare values shown as written. */
export function asWritten(value: unknown): string {
  return value === undefined ? "" : JSON.stringify(value);
}
