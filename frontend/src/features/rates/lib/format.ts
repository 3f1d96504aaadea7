import type { Language, MessageKey } from "@/lib/i18n";
import type { TranslationValues } from "@/lib/i18n/translate";

import type { Coverage } from "../api/rates";
import { consecutiveRuns, formatDate, formatDateRange, localeOf } from "./dates";

type Translate = (key: MessageKey, values?: TranslationValues) => string;

// Beyond this many separate runs of dates, the note gives the span and a count instead of a list.
const MAX_LISTED_RUNS = 4;

/** A decimal string from the API written for the reader, digit for digit ("10.8057" → "10,8057"). */
export function formatDecimal(value: string, language: Language): string {
  return language === "fr" ? value.replace(".", ",") : value;
}

/**
 * The note on where the stored rates come from (issue 4, item 7): the bundled sample and of which
 * dates, or what is stored, or that nothing is.
 */
export function describeCoverage(coverage: Coverage, t: Translate, language: Language): string {
  const sources: string[] = [];
  const bam = [...coverage.bam_dates].sort();
  if (bam.length > 0) {
    const runs = consecutiveRuns(bam);
    if (runs.length <= MAX_LISTED_RUNS) {
      const list = new Intl.ListFormat(localeOf(language), { type: "conjunction" });
      const dates = list.format(runs.map(([first, last]) => formatDateRange(first, last, language)));
      sources.push(t("rates.coverage.bam", { dates }));
    } else {
      sources.push(
        t("rates.coverage.bamMany", {
          count: bam.length,
          first: formatDate(bam[0] ?? "", language),
          last: formatDate(bam.at(-1) ?? "", language),
        }),
      );
    }
  }
  if (coverage.ecb_first !== null && coverage.ecb_last !== null) {
    sources.push(
      t("rates.coverage.ecb", {
        dates: formatDateRange(coverage.ecb_first, coverage.ecb_last, language),
      }),
    );
  }
  if (sources.length === 0) {
    return t("rates.coverage.empty");
  }
  const joined = sources.join(t("rates.coverage.separator"));
  return t(coverage.bundled_sample ? "rates.coverage.sample" : "rates.coverage.stored", { sources: joined });
}
