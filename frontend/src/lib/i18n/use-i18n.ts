import { useCallback, useEffect } from "react";
import { useTranslation } from "react-i18next";

import type { MessageKey } from "./fr";
import { COMMON_NS, i18n } from "./instance";
import { DEFAULT_LANGUAGE, isLanguage, storeLanguage, type Language } from "./languages";
import type { MessageValues } from "./namespace";

export interface I18nValue {
  language: Language;
  setLanguage: (language: Language) => void;
  /** The shell's messages (the `common` namespace); features use their own namespace's `t`. */
  t: (key: MessageKey, values?: MessageValues) => string;
}

/** Switches the interface language and remembers it. */
export function changeLanguage(language: Language): void {
  storeLanguage(language);
  void i18n.changeLanguage(language);
}

/** The current language, its setter and the shell's `t`. */
export function useI18n(): I18nValue {
  const { t, i18n: instance } = useTranslation(COMMON_NS, { i18n });
  const language = isLanguage(instance.language) ? instance.language : DEFAULT_LANGUAGE;
  const translate = useCallback(
    (key: MessageKey, values?: MessageValues) => (t as (key: string, options?: object) => string)(key, values),
    [t],
  );
  return { language, setLanguage: changeLanguage, t: translate };
}

/** The interface language alone, for formatting. */
export function useLanguage(): Language {
  return useI18n().language;
}

/** Sets the browser tab title to `page` followed by the product name. */
export function usePageTitle(page: string): void {
  const { t } = useI18n();
  const title = t("app.pageTitle", { page });
  useEffect(() => {
    document.title = title;
  }, [title]);
}

/** Sets the browser tab title to a shell message (an area's name) followed by the product name. */
export function useDocumentTitle(pageKey: MessageKey): void {
  const { t } = useI18n();
  usePageTitle(t(pageKey));
}
