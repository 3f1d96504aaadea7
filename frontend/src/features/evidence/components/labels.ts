import { useCallback, useMemo } from "react";

import { formatMonth } from "@/lib/format";
import { LOCALES, useCodeLabel, type Language } from "@/lib/i18n";
import { localName } from "@/lib/names";
import { useCategoryLabel } from "@/lib/reference-data";

import type { Pair, RuleSource, TOTAL } from "../api/types";
import type { FilterField } from "../lib/filters";
import { useEvidenceT, type EvidenceMessageKey } from "../messages";

// The server writes a missing trait or country as "none".
const NOT_GIVEN = "none";

/** The name of a population filter ("Cluster", "Payment category"…). */
export function filterLabelKey(field: FilterField): EvidenceMessageKey {
  return `evidence.filters.${field}`;
}

export function pairKey(pair: Pair | typeof TOTAL): EvidenceMessageKey {
  return `evidence.pair.${pair}`;
}

/** "IE" as "Irlande (IE)" / "Ireland (IE)", the code kept so it matches the filter and exports. */
export function countryName(code: string, language: Language): string | null {
  let name: string | undefined;
  try {
    name = new Intl.DisplayNames([LOCALES[language]], { type: "region" }).of(code);
  } catch {
    // Not a region code Intl knows (RangeError): the caller says so in words.
    name = undefined;
  }
  return name === undefined || name === code ? null : `${name} (${code})`;
}

/** "2026-03" as « mars » / "Mar": a month on a chart of one year (the year is in the title). */
export function monthShort(month: string, language: Language): string {
  const [year = 1970, index = 1] = month.split("-").map(Number);
  return new Intl.DateTimeFormat(LOCALES[language], { month: "short", timeZone: "UTC" }).format(
    new Date(Date.UTC(year, index - 1, 1)),
  );
}

/** The rulebook of a rule, in the reader's language, with its version number. */
export function rulebookName(rule: RuleSource, language: Language): string {
  return localName({ name: rule.version, name_fr: rule.rulebook_name_fr, name_en: rule.rulebook_name_en }, language);
}

/** A rule's title in the reader's language. */
export function ruleTitle(rule: RuleSource, language: Language): string {
  return localName({ name: rule.title, name_fr: rule.title_fr, name_en: rule.title_en }, language);
}

/**
 * Every value a dimension of the evidence can take, in words: clusters, categories, channels and
 * countries by their names in the reader's language, months as months, "none" as "not given".
 */
export function useEvidenceLabels() {
  const { t, language } = useEvidenceT();
  const code = useCodeLabel();
  const category = useCategoryLabel();
  const cluster = useCallback((value: string) => code("cluster", value === NOT_GIVEN ? "NONE" : value), [code]);
  const country = useCallback(
    (value: string) =>
      value === NOT_GIVEN ? t("evidence.label.none.country") : (countryName(value, language) ?? value),
    [t, language],
  );
  const value = useCallback(
    (field: FilterField | "month", raw: string): string => {
      switch (field) {
        case "cluster":
          return cluster(raw);
        case "category":
          return category(raw);
        case "channel":
          return code("channel", raw);
        case "country":
          return country(raw);
        case "labelled":
          return raw === "true" ? t("evidence.label.labelled.true") : t("evidence.label.labelled.false");
        case "month":
          return formatMonth(raw, language);
        case "sector":
          return raw === NOT_GIVEN ? t("evidence.label.none.sector") : raw;
        case "region":
          return raw === NOT_GIVEN ? t("evidence.label.none.region") : raw;
        default:
          return raw;
      }
    },
    [cluster, category, code, country, t, language],
  );
  return useMemo(
    () => ({ value, cluster, country, category, confidence: (tag: string) => code("confidence", tag) }),
    [value, cluster, country, category, code],
  );
}
