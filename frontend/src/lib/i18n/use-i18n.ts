import { use, useEffect } from "react";

import { I18nContext, type I18nContextValue } from "./i18n-context";
import type { MessageKey } from "./fr";

/** The current language, its setter and `t()`; only valid under `I18nProvider`. */
export function useI18n(): I18nContextValue {
  const value = use(I18nContext);
  if (value === null) {
    throw new Error("useI18n must be used inside I18nProvider");
  }
  return value;
}

/** Sets the browser tab title to the page name (translated) followed by the product name. */
export function useDocumentTitle(pageKey: MessageKey): void {
  const { t } = useI18n();
  const title = t("app.pageTitle", { page: t(pageKey) });
  useEffect(() => {
    document.title = title;
  }, [title]);
}
