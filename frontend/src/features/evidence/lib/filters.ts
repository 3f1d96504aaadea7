import type { components } from "@/api/schema";

/** The filters a reader may use, as the measures answer lists them (others are refused). */
export type Filtering = components["schemas"]["Filtering"];
/** A filter of the population (every filter but the period). */
export type FilterField = Filtering["filters"][number];

/** The dashboard's filters as the page keeps them: every field a string, "" meaning "any". */
export interface EvidenceFilters {
  date_from: string;
  date_to: string;
  cohort: string;
  cluster: string;
  sector: string;
  region: string;
  category: string;
  channel: string;
  country: string;
  /** "" (either), "true" or "false", as the API's query flag. */
  labelled: "" | "true" | "false";
}

export type FilterQuery = Partial<Omit<EvidenceFilters, "labelled">> & { labelled?: "true" | "false" };

export const FILTER_FIELDS = [
  "date_from",
  "date_to",
  "cohort",
  "cluster",
  "sector",
  "region",
  "category",
  "channel",
  "country",
  "labelled",
] as const satisfies readonly (keyof EvidenceFilters)[];

/** Every population filter, in the order a form shows them. */
export const POPULATION_FIELDS = [
  "cohort",
  "cluster",
  "sector",
  "region",
  "category",
  "channel",
  "country",
  "labelled",
] as const satisfies readonly FilterField[];

/** Payment channels a declaration can use (backend `Channel`). */
export const CHANNELS = ["card", "transfer", "other"] as const;
/** The clusters of Maroc Clusters known to the platform (backend `Cluster`). */
export const CLUSTERS = ["SOLAIRE", "C2TM", "MDC", "CE3M", "MNC", "NONE"] as const;

/** The server's default period: the current calendar year of `today` (an ISO date). */
export function defaultFilters(today: string): EvidenceFilters {
  const year = today.slice(0, 4);
  return {
    date_from: `${year}-01-01`,
    date_to: `${year}-12-31`,
    cohort: "",
    cluster: "",
    sector: "",
    region: "",
    category: "",
    channel: "",
    country: "",
    labelled: "",
  };
}

/**
 * The query the API expects: blank fields left out (absent means "any"), text trimmed and the
 * country upper-cased, so the same choice always gives the same query (and the same cache key).
 */
export function toQuery(filters: EvidenceFilters): FilterQuery {
  const query: FilterQuery = {};
  for (const field of FILTER_FIELDS) {
    let value = filters[field].trim();
    if (field === "country") {
      value = value.toUpperCase();
    }
    if (value !== "") {
      (query as Record<string, string>)[field] = value;
    }
  }
  return query;
}

/** The period-only query, for the lists of values the other filters can take. */
export function periodQuery(filters: EvidenceFilters): FilterQuery {
  return { date_from: filters.date_from, date_to: filters.date_to };
}

/** Which filters narrow the population beyond the period (for the "filters in force" line). */
export function activeFilters(filters: EvidenceFilters): [FilterField, string][] {
  return Object.entries(toQuery(filters)).filter(([field]) => !field.startsWith("date_")) as [FilterField, string][];
}

/** A period whose end comes before its start is refused by the server: catch it before. */
export function periodError(filters: EvidenceFilters): boolean {
  return filters.date_from !== "" && filters.date_to !== "" && filters.date_to < filters.date_from;
}

/** The labels of a breakdown (values present in the period) plus the current choice, sorted. */
export function optionsOf(rows: readonly Record<string, unknown>[], dimension: string, current: string): string[] {
  const values = new Set<string>();
  for (const row of rows) {
    const value = row[dimension];
    if (typeof value === "string" && value !== "TOTAL" && value !== "none") {
      values.add(value);
    }
  }
  if (current !== "") {
    values.add(current);
  }
  return [...values].sort((a, b) => a.localeCompare(b));
}

// How many calendar years an advocate can choose from, the current one included.
const YEARS_OFFERED = 5;

/** The calendar years an advocate can choose, newest first, ending with the year of `today`. */
export function yearChoices(today: string): string[] {
  const year = Number(today.slice(0, 4));
  return Array.from({ length: YEARS_OFFERED }, (_, index) => String(year - index));
}

/** The year the period covers exactly (1 January to 31 December), or null. */
export function wholeYear(filters: EvidenceFilters): string | null {
  const year = filters.date_from.slice(0, 4);
  return filters.date_from === `${year}-01-01` && filters.date_to === `${year}-12-31` ? year : null;
}

/** A whole calendar year, with at most one population filter set to `value`. */
export function yearFilters(year: string, field: FilterField | "", value: string): EvidenceFilters {
  const filters = defaultFilters(`${year}-01-01`);
  return field === "" || value === "" ? filters : { ...filters, [field]: value };
}
