import { useEffect, useState, type ReactNode } from "react";
import { I18nextProvider } from "react-i18next";

import { i18n } from "./instance";
import { storedLanguage } from "./languages";

/**
 * Provides the i18next instance, starts in the remembered language and keeps `<html lang>` in step
 * with the interface language (screen readers pick their voice from it).
 */
export function I18nProvider({ children }: { children: ReactNode }) {
  // Read once per mount: a test (or a second tab) may have stored another choice meanwhile.
  useState(() => {
    const remembered = storedLanguage();
    if (i18n.language !== remembered) {
      void i18n.changeLanguage(remembered);
    }
    return remembered;
  });

  useEffect(() => {
    const follow = (language: string) => {
      document.documentElement.lang = language;
    };
    follow(i18n.language);
    i18n.on("languageChanged", follow);
    return () => {
      i18n.off("languageChanged", follow);
    };
  }, []);

  return <I18nextProvider i18n={i18n}>{children}</I18nextProvider>;
}
