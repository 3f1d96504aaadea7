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

// The server writes a missing trait or country as "none".
const NOT_GIVEN = "none";

/** A sector as its owners wrote it; "none" reads as "not given" in the language. */
export function sectorName(sector: string, language: Language): string {
  if (sector === NOT_GIVEN) {
    return language === "fr" ? "Secteur non renseigné" : "Sector not given";
  }
  return sector;
}

/** "IE" as "Irlande (IE)" / "Ireland (IE)", the code kept so it matches the filter and exports. */
export function countryName(code: string, language: Language): string {
  if (code === NOT_GIVEN) {
    return language === "fr" ? "Pays non renseigné" : "Country not given";
  }
  let name: string | undefined;
  try {
    name = new Intl.DisplayNames([language === "fr" ? "fr-FR" : "en-GB"], { type: "region" }).of(code);
  } catch {
    // Not a region code Intl knows (RangeError): the code alone says it best.
    name = undefined;
  }
  return name === undefined || name === code ? code : `${name} (${code})`;
}
