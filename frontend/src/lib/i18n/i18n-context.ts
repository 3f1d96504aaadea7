import { createContext } from "react";

import type { MessageKey } from "./fr";
import type { Language, TranslationValues } from "./translate";

export interface I18nContextValue {
  language: Language;
  setLanguage: (language: Language) => void;
  t: (key: MessageKey, values?: TranslationValues) => string;
}

export const I18nContext = createContext<I18nContextValue | null>(null);
