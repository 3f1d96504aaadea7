import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";

import { I18nContext, type I18nContextValue } from "./i18n-context";
import type { MessageKey } from "./fr";
import { DEFAULT_LANGUAGE, isLanguage, translate, type Language, type TranslationValues } from "./translate";

/** Where the chosen language is remembered between visits. */
export const LANGUAGE_STORAGE_KEY = "fxs.language";

function storedLanguage(): Language {
  try {
    const value = globalThis.localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(value) ? value : DEFAULT_LANGUAGE;
  } catch {
    // Storage can be disabled (privacy settings); the default language still works.
    return DEFAULT_LANGUAGE;
  }
}

/** Holds the interface language, persists it, and keeps `<html lang>` in step with it. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(storedLanguage);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      globalThis.localStorage.setItem(LANGUAGE_STORAGE_KEY, next);
    } catch {
      // Not persisted when storage is unavailable; the choice still holds for this visit.
    }
  }, []);

  const value = useMemo<I18nContextValue>(
    () => ({
      language,
      setLanguage,
      t: (key: MessageKey, values?: TranslationValues) => translate(language, key, values),
    }),
    [language, setLanguage],
  );

  return <I18nContext value={value}>{children}</I18nContext>;
}
