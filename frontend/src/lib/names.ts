import type { Language } from "@/lib/i18n";

/** Something named in both languages by the API (a rulebook), with its neutral name besides. */
export interface Bilingual {
  name: string;
  name_fr?: string;
  name_en?: string;
}

/** Its name in the reader's language, falling back to the neutral name. */
export function localName(named: Bilingual, language: Language): string {
  const own = language === "fr" ? named.name_fr : named.name_en;
  return own !== undefined && own !== "" ? own : named.name;
}
