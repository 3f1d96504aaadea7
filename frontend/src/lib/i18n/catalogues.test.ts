import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";

import { registeredNamespaces } from "./namespace";
import { LANGUAGES } from "./languages";
import { i18n } from "./instance";
import "./codes";

// Every feature's catalogue registers itself when its `messages.ts` loads: load them all.
import.meta.glob("/src/**/messages.ts", { eager: true });

/**
 * Messages that are the same word in both languages on purpose: proper names, units and codes
 * people know as such. Anything else equal in French and English was not translated.
 */
const SAME_IN_BOTH = new Set([
  "common:app.name",
  "common:app.pageTitle",
  "common:language.fr.short",
  "common:language.fr.name",
  "common:language.en.short",
  "common:language.en.name",
  "common:header.userWithRole",
  "common:roles.startup",
  "common:home.admin.title",
  "common:header.organisation",
  "common:nav.areas.imports",
  "common:nav.areas.evidence",
  "codes:rateSource.bam",
  "codes:cluster.SOLAIRE",
  "codes:cluster.MDC",
  "codes:cluster.MNC",
  "codes:requestKind.documents",
  "codes:documentKind.contract",
  "codes:cohortStatus.active",
  "codes:confidence.illustrative",
  "codes:caseState.open",
]);

/** Words spelt the same in French and English: a message made only of them needs no change. */
const COGNATES = new Set(
  [
    "action", "actions", "backtest", "backtests", "cluster", "code", "conversion", "description",
    "document", "documents", "export", "exports", "format", "message", "participant", "participants",
    "point", "points", "source", "version", "versions", "one", "other", "plural", "bank", "al-maghrib",
    "illustrative", "notifications", "notification", "e-mails", "e-mail", "article", "section", "note", "notes",
  ].map((word) => word.toLowerCase()),
);

function onlyCognates(message: string): boolean {
  let text = message;
  // Innermost braces first, so plural options go with their argument.
  while (/\{[^{}]*\}/.test(text)) {
    text = text.replace(/\{[^{}]*\}/g, " ");
  }
  const words = text.match(/[\p{L}-]{2,}/gu) ?? [];
  return words.every((word) => COGNATES.has(word.toLowerCase()) || /^[A-Z0-9]{2,}$/.test(word));
}

function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (
      element.type === TYPE.argument ||
      element.type === TYPE.number ||
      element.type === TYPE.date ||
      element.type === TYPE.time
    ) {
      into.add(element.value);
    } else if (element.type === TYPE.plural || element.type === TYPE.select) {
      into.add(element.value);
      for (const option of Object.values(element.options)) {
        argumentsOf(option.value, into);
      }
    } else if (element.type === TYPE.tag) {
      argumentsOf(element.children, into);
    }
  }
  return into;
}

/** Only placeholders, digits, codes in capitals and punctuation: nothing to translate. */
function hasWords(message: string): boolean {
  const text = message.replace(/\{[^{}]*\}/g, "").replace(/\b[A-Z0-9]{2,}\b/g, "");
  return /\p{L}{2,}/u.test(text);
}

const catalogues = [...registeredNamespaces().entries()];

describe("message catalogues", () => {
  it("include every feature's namespace", () => {
    expect(catalogues.map(([name]) => name)).toEqual(
      expect.arrayContaining(["common", "codes", "declarations", "cases", "screening", "rulebooks", "rates", "evidence"]),
    );
  });

  it.each(catalogues)("%s has the same keys in both languages", (_name, { fr, en }) => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
  });

  it.each(catalogues)("%s: every message parses as ICU, with the same arguments in both languages", (name, catalogs) => {
    for (const key of Object.keys(catalogs.fr)) {
      const [fr, en] = LANGUAGES.map((language) => catalogs[language][key] ?? "");
      const parsed = [fr, en].map((message) => argumentsOf(parse(message ?? "", { ignoreTag: true })));
      expect({ key: `${name}:${key}`, args: [...(parsed[0] ?? [])].sort() }).toEqual({
        key: `${name}:${key}`,
        args: [...(parsed[1] ?? [])].sort(),
      });
    }
  });

  it.each(catalogues)("%s has no empty, untranslated or hand-pluralised message", (name, { fr, en }) => {
    const problems: string[] = [];
    for (const [key, french] of Object.entries(fr)) {
      const english = (en as Record<string, string>)[key] ?? "";
      const id = `${name}:${key}`;
      for (const message of [french, english]) {
        if (message.trim() === "") {
          problems.push(`${id} is empty`);
        }
        // "payment(s)", "réparti(e)s": ICU plurals say it properly.
        if (/\p{L}\((s|x|e|es|e\)s)\)/u.test(message)) {
          problems.push(`${id} pluralises by hand: ${message}`);
        }
      }
      if (hasWords(french) && french === english && !onlyCognates(french) && !SAME_IN_BOTH.has(id)) {
        problems.push(`${id} is not translated: ${french}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe("a missing message", () => {
  let error: MockInstance;
  beforeEach(() => {
    error = vi.spyOn(console, "error").mockImplementation(() => undefined);
  });
  afterEach(() => {
    error.mockRestore();
  });

  it("is reported, so a raw key never reaches a screen unnoticed", () => {
    const t = i18n.getFixedT("en", "common") as (key: string) => string;
    t("no.such.key");
    expect(error).toHaveBeenCalledWith('Missing message "common:no.such.key" in en');
  });

  it("is not taken from the other language", () => {
    i18n.addResourceBundle("fr", "only-french", { "x.y": "Seulement en français" });
    const t = i18n.getFixedT("en", "only-french") as (key: string) => string;
    expect(t("x.y")).toBe("x.y");
    expect(error).toHaveBeenCalled();
  });
});

describe("plurals", () => {
  it("agree with the count in both languages", () => {
    i18n.addResourceBundle("fr", "plural-test", { n: "{count, plural, one {# paiement} other {# paiements}}" });
    i18n.addResourceBundle("en", "plural-test", { n: "{count, plural, one {# payment} other {# payments}}" });
    const fr = i18n.getFixedT("fr", "plural-test") as (key: string, values: object) => string;
    const en = i18n.getFixedT("en", "plural-test") as (key: string, values: object) => string;
    expect([0, 1, 2].map((count) => fr("n", { count }))).toEqual(["0 paiement", "1 paiement", "2 paiements"]);
    expect([0, 1, 2].map((count) => en("n", { count }))).toEqual(["0 payments", "1 payment", "2 payments"]);
  });
});
