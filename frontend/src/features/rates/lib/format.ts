import { formatDateLong, formatDateRange } from "@/lib/format";
import { LOCALES, type Language, type Translate } from "@/lib/i18n";

import type { Coverage } from "../api/rates";
import type { RatesMessageKey } from "../messages";
import { consecutiveRuns } from "./dates";

// Beyond this many separate runs of dates, the note gives the span and a count instead of a list.
const MAX_LISTED_RUNS = 4;

/**
 * The note on where the stored rates come from (issue 4, item 7): the bundled sample and of which
 * dates, or what is stored, or that nothing is.
 */
export function describeCoverage(coverage: Coverage, t: Translate<RatesMessageKey>, language: Language): string {
  const sources: string[] = [];
  const bam = [...coverage.bam_dates].sort();
  if (bam.length > 0) {
    const runs = consecutiveRuns(bam);
    if (runs.length <= MAX_LISTED_RUNS) {
      const list = new Intl.ListFormat(LOCALES[language], { type: "conjunction" });
      const dates = list.format(runs.map(([first, last]) => formatDateRange(first, last, language)));
      sources.push(t("rates.coverage.bam", { dates }));
    } else {
      sources.push(
        t("rates.coverage.bamMany", {
          count: bam.length,
          first: formatDateLong(bam[0] ?? "", language),
          last: formatDateLong(bam.at(-1) ?? "", language),
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
