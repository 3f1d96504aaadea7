import i18next from "i18next";
import ICU from "i18next-icu";

import { en } from "./en";
import { fr } from "./fr";
import { DEFAULT_LANGUAGE, LANGUAGES, storedLanguage } from "./languages";

/** The shell's namespace: every feature's `t` falls back to it for shared words. */
export const COMMON_NS = "common";

/**
 * A message the catalogues do not have. Said loudly (the browser tests fail on console errors and
 * the catalogue test on any report), because the alternative is a raw key on someone's screen.
 */
export function reportMissing(languages: readonly string[], namespace: string, key: string): void {
  console.error(`Missing message "${namespace}:${key}" in ${languages.join(", ")}`);
}

/**
 * The one i18next instance: ICU MessageFormat messages (plurals, selects, numbers), flat keys with
 * dots (so no key separator), one namespace per feature added when its module loads, and no
 * fallback language — a message missing in English is reported, never shown in French.
 */
export const i18n = i18next.createInstance();

/** A message that is not valid ICU: reported, and shown as written rather than blank. */
function reportParseError(error: unknown, key: string, message: string): string {
  console.error(`Message "${key}" is not valid ICU: ${String(error)}`);
  return message;
}

void i18n.use(ICU).init({
  i18nFormat: { parseErrorHandler: reportParseError },
  resources: { fr: { [COMMON_NS]: fr }, en: { [COMMON_NS]: en } },
  lng: storedLanguage(),
  supportedLngs: [...LANGUAGES],
  fallbackLng: false,
  ns: [COMMON_NS],
  defaultNS: COMMON_NS,
  fallbackNS: COMMON_NS,
  keySeparator: false,
  nsSeparator: false,
  returnNull: false,
  returnEmptyString: false,
  interpolation: { escapeValue: false },
  saveMissing: true,
  saveMissingTo: "current",
  missingKeyHandler: reportMissing,
  initAsync: false,
});

if (!i18n.isInitialized) {
  throw new Error("i18n failed to initialise");
}

export { DEFAULT_LANGUAGE };
