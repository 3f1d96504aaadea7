/**
 * Country and currency names in the reader's language, from the browser's own CLDR data
 * (`Intl.DisplayNames`): maintained with the browser, never a hand list. Which codes exist is the
 * API's ISO tables.
 */
import { LOCALES, type Language } from "@/lib/i18n";

const cache = new Map<string, readonly NamedCode[]>();

export interface NamedCode {
  code: string;
  name: string;
}

function collator(language: Language): Intl.Collator {
  return new Intl.Collator(LOCALES[language], { sensitivity: "base" });
}

/**
 * The countries the API accepts (ISO 3166-1, from `/api/v1/reference-data/`), named by CLDR in the
 * reader's language and sorted by that name.
 */
export function namedCountries(codes: readonly string[], language: Language): readonly NamedCode[] {
  return named("region", codes, language);
}

/** The currencies the API accepts (ISO 4217), named by CLDR in the reader's language. */
export function namedCurrencies(codes: readonly string[], language: Language): readonly NamedCode[] {
  return named("currency", codes, language);
}

function named(type: "region" | "currency", codes: readonly string[], language: Language): readonly NamedCode[] {
  const key = `${type}:${language}:${codes.join(",")}`;
  const cached = cache.get(key);
  if (cached !== undefined) {
    return cached;
  }
  const names = new Intl.DisplayNames([LOCALES[language]], { type, fallback: "code" });
  const list = codes
    .map((code) => ({ code, name: capitalise(names.of(code) ?? code, language) }))
    .sort((a, b) => collator(language).compare(a.name, b.name));
  cache.set(key, list);
  return list;
}

function capitalise(name: string, language: Language): string {
  return name.charAt(0).toLocaleUpperCase(LOCALES[language]) + name.slice(1);
}

/** "IE" → « Irlande » / "Ireland"; an unknown code stays as it is. */
export function countryName(code: string, language: Language): string {
  if (!/^[A-Za-z]{2}$/.test(code)) {
    return code;
  }
  return new Intl.DisplayNames([LOCALES[language]], { type: "region", fallback: "code" }).of(code.toUpperCase()) ?? code;
}

/** "EUR" → « Euro » / "Euro". */
export function currencyName(code: string, language: Language): string {
  if (!/^[A-Za-z]{3}$/.test(code)) {
    return code;
  }
  const name = new Intl.DisplayNames([LOCALES[language]], { type: "currency", fallback: "code" }).of(code.toUpperCase());
  return capitalise(name ?? code, language);
}

/** Folds accents and case so « irl », « Irl » and « írl » all find « Irlande ». */
export function searchKey(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();
}
