/**
 * Internationalisation: i18next with ICU MessageFormat (react-i18next for React).
 *
 * - The shell's words live in the `common` namespace (`fr.ts`, `en.ts`), read with `useI18n().t`.
 * - A feature keeps its words in `features/<name>/messages.ts`, which calls `createNamespace` with
 *   `{ fr, en }` catalogues (keys checked in both languages by the type system) and exports the
 *   typed hook; its `t` also reads `common`. Plurals are ICU: `{count, plural, one {…} other {…}}`.
 * - Codes sent by the API (statuses, verdicts, kinds, audit actions…) are labelled in the `codes`
 *   namespace (`codes.ts`) with `useCodeLabel()`; an unknown code is reported, never silently shown.
 * - Numbers, money, rates, dates and relative times are written by `@/lib/format`, never here.
 * - `catalogues.test.ts` fails on a key missing in a language, an empty or untranslated message,
 *   an ICU error or a hand-made plural such as "payment(s)".
 */
export type { MessageKey, Messages } from "./fr";
export { codeLabel, hasCodeLabel, useCodeLabel, type CodeGroup } from "./codes";
export { I18nProvider } from "./i18n-provider";
export { i18n, reportMissing } from "./instance";
export {
  DEFAULT_LANGUAGE,
  isLanguage,
  LANGUAGE_STORAGE_KEY,
  LANGUAGES,
  LOCALES,
  type Language,
} from "./languages";
export {
  createNamespace,
  currentLanguage,
  registeredNamespaces,
  type Catalogs,
  type MessageValues,
  type Namespace,
  type Translate,
} from "./namespace";
export { translate, type TranslationValues } from "./legacy";
export { changeLanguage, useDocumentTitle, useI18n, useLanguage, usePageTitle } from "./use-i18n";
