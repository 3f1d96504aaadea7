import type { MessageKey } from "./fr";
import { COMMON_NS, i18n } from "./instance";
import type { Language } from "./languages";
import type { MessageValues } from "./namespace";

export type TranslationValues = MessageValues;

/** A shell message in a given language, outside React (tests, exports). */
export function translate(language: Language, key: MessageKey, values?: MessageValues): string {
  return (i18n.getFixedT(language, COMMON_NS) as (key: string, options?: object) => string)(key, values);
}

/**
 * Fills `{name}` placeholders by hand. Only the evidence feature still builds its messages this
 * way, until it moves to a namespace of its own; new code uses `createNamespace`.
 */
export function fillPlaceholders(template: string, values?: Readonly<Record<string, string | number>>): string {
  if (values === undefined) {
    return template;
  }
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}
