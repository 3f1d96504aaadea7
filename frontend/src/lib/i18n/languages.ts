export const LANGUAGES = ["fr", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

/** French is the product's default language. */
export const DEFAULT_LANGUAGE: Language = "fr";

/**
 * The locale each language formats numbers and dates with: French as written in France and
 * Morocco's French-language press (narrow spaces between thousands, decimal comma), English as in
 * Britain (day before month).
 */
export const LOCALES: Readonly<Record<Language, string>> = { fr: "fr-FR", en: "en-GB" };

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** Where the chosen language is remembered between visits. */
export const LANGUAGE_STORAGE_KEY = "fxs.language";

export function storedLanguage(): Language {
  try {
    const value = globalThis.localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(value) ? value : DEFAULT_LANGUAGE;
  } catch {
    // Storage can be disabled (privacy settings); the default language still works.
    return DEFAULT_LANGUAGE;
  }
}

export function storeLanguage(language: Language): void {
  try {
    globalThis.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Not persisted when storage is unavailable; the choice still holds for this visit.
  }
}
