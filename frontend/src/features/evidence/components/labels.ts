import type { Language, MessageKey } from "@/lib/i18n";

import type { Pair, TOTAL } from "../api/types";

const CLUSTER_NAMES: Readonly<Record<string, string>> = {
  SOLAIRE: "Cluster Solaire",
  C2TM: "C2TM",
  MDC: "Morocco Denim & Casual wear",
  CE3M: "CE3M",
  MNC: "Morocco Numeric Cluster",
};

/** A cluster's name; "NONE" (and "none") read as "no cluster" in the language. */
export function clusterName(code: string, language: Language): string {
  if (code === "NONE" || code === "none") {
    return language === "fr" ? "Hors cluster" : "No cluster";
  }
  return CLUSTER_NAMES[code] ?? code;
}

export function pairKey(pair: Pair | typeof TOTAL): MessageKey {
  return `evidence.pair.${pair}`;
}

/** "2026-03" as "mars 2026" / "March 2026". */
export function monthName(month: string, language: Language): string {
  const [year = NaN, index = NaN] = month.split("-").map(Number);
  const format = new Intl.DateTimeFormat(language === "fr" ? "fr-FR" : "en-GB", {
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
  return Number.isNaN(year) ? month : format.format(new Date(Date.UTC(year, index - 1, 1)));
}
