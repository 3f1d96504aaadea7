import type { MessageKey } from "./fr";
import { COMMON_NS, i18n } from "./instance";
import type { Language } from "./languages";
import type { MessageValues } from "./namespace";

export type TranslationValues = MessageValues;

/** A shell message in a given language, outside React (tests, exports). */
export function translate(language: Language, key: MessageKey, values?: MessageValues): string {
  return (i18n.getFixedT(language, COMMON_NS) as (key: string, options?: object) => string)(key, values);
}
