import { describe, expect, it } from "vitest";

import { en } from "./en";
import { fr } from "./fr";
import { translate } from "./translate";

function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();
}

describe("dictionaries", () => {
  it("have exactly the same keys", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
  });

  it("use the same placeholders for every key", () => {
    for (const key of Object.keys(fr) as (keyof typeof fr)[]) {
      expect({ key, placeholders: placeholders(en[key]) }).toEqual({ key, placeholders: placeholders(fr[key]) });
    }
  });

  it("have no empty message", () => {
    for (const dictionary of [fr, en]) {
      for (const message of Object.values(dictionary)) {
        expect(message.trim()).not.toBe("");
      }
    }
  });
});

describe("translate", () => {
  it("fills placeholders and leaves unknown ones visible", () => {
    expect(translate("en", "home.welcome", { username: "demo-advocate" })).toBe("Welcome, demo-advocate.");
    expect(translate("fr", "errors.unexpected", { status: 502 })).toBe("Une erreur inattendue est survenue (HTTP 502).");
    expect(translate("en", "home.welcome")).toBe("Welcome, {username}.");
  });
});
