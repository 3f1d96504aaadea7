export type { MessageKey, Messages } from "./fr";
export { I18nProvider, LANGUAGE_STORAGE_KEY } from "./i18n-provider";
export { DEFAULT_LANGUAGE, fillPlaceholders, LANGUAGES, translate, type Language } from "./translate";
export { useDocumentTitle, useI18n } from "./use-i18n";
