import { en } from "./en";
import { fr, type MessageKey, type Messages } from "./fr";

export const LANGUAGES = ["fr", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

/** French is the product's default language. */
export const DEFAULT_LANGUAGE: Language = "fr";

export const DICTIONARIES: Readonly<Record<Language, Messages>> = { fr, en };

export type TranslationValues = Readonly<Record<string, string | number>>;

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** Fills a template's `{placeholders}` from `values`; unknown placeholders stay visible. */
export function fillPlaceholders(template: string, values?: TranslationValues): string {
  if (values === undefined) {
    return template;
  }
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in values ? String(values[name]) : match,
  );
}

/** Looks up `key` in `language` and fills its `{placeholders}`; unknown placeholders stay visible. */
export function translate(language: Language, key: MessageKey, values?: TranslationValues): string {
  return fillPlaceholders(DICTIONARIES[language][key], values);
}
