import { useCallback } from "react";
import { useTranslation } from "react-i18next";

import type { MessageKey } from "./fr";
import { COMMON_NS, i18n } from "./instance";
import { isLanguage, DEFAULT_LANGUAGE, LANGUAGES, type Language } from "./languages";

/** Values of an ICU message's arguments (`{name}`, `{count, plural, …}`, `{when, date}`). */
export type MessageValues = Readonly<Record<string, string | number | Date>>;

/** A namespace's messages in both languages; `K` is its key union, checked in both. */
export interface Catalogs<K extends string> {
  readonly fr: Readonly<Record<K, string>>;
  readonly en: Readonly<Record<K, string>>;
}

/** Translates a key of the namespace (or of the shell's common namespace). */
export type Translate<K extends string> = (key: K | MessageKey, values?: MessageValues) => string;

const REGISTERED = new Map<string, Catalogs<string>>();

/** Every namespace registered so far (the shell's included): for the catalogue tests. */
export function registeredNamespaces(): ReadonlyMap<string, Catalogs<string>> {
  return REGISTERED;
}

type LooseT = (key: string, options?: object) => string;

function asLoose(t: unknown): LooseT {
  // i18next types keys from a global declaration; ours are typed per namespace by `Translate`.
  return t as LooseT;
}

/** The current interface language. */
export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
}

export interface Namespace<K extends string> {
  readonly name: string;
  /** `t` for this namespace in the current language, re-rendering when the language changes. */
  useT: () => { t: Translate<K>; language: Language };
  /** `t` in a given language, outside React (exports, tests). */
  fixedT: (language: Language) => Translate<K>;
  /** Whether `key` is one of this namespace's own keys (e.g. a label for a server code). */
  has: (key: string) => key is K;
}

/**
 * Adds a feature's messages to i18next under `name` and returns its typed `t`. Call it once, at
 * the top of the feature's `messages.ts`: the messages then load with the feature's code, so a
 * role's pages bring their own words and no other role's.
 */
export function createNamespace<K extends string>(name: string, catalogs: Catalogs<K>): Namespace<K> {
  for (const language of LANGUAGES) {
    i18n.addResourceBundle(language, name, catalogs[language], true, true);
  }
  REGISTERED.set(name, catalogs);
  const namespaces = [name, COMMON_NS];

  function useT() {
    const { t, i18n: instance } = useTranslation(namespaces, { i18n });
    const language = isLanguage(instance.language) ? instance.language : DEFAULT_LANGUAGE;
    const translate = useCallback<Translate<K>>((key, values) => asLoose(t)(key, values), [t]);
    return { t: translate, language };
  }

  function fixedT(language: Language): Translate<K> {
    const t = asLoose(i18n.getFixedT(language, namespaces));
    return (key, values) => t(key, values);
  }

  function has(key: string): key is K {
    return Object.hasOwn(catalogs.fr, key);
  }

  return { name, useT, fixedT, has };
}

REGISTERED.set(COMMON_NS, {
  fr: i18n.getResourceBundle("fr", COMMON_NS) as Record<string, string>,
  en: i18n.getResourceBundle("en", COMMON_NS) as Record<string, string>,
});
