import { describe, expect, it } from "vitest";

import { countryName, rulebookName, ruleTitle } from "./labels";

const RULE = {
  version: "IGOC 2026 — rules in force v1",
  version_number: 1,
  rulebook_name_fr: "IGOC 2026 — règles en vigueur",
  rulebook_name_en: "IGOC 2026 — rules in force",
  kind: "in_force",
  rule_id: "CARD_CAP",
  title: "Card allowance",
  title_fr: "Dotation carte",
  title_en: "Card allowance",
  citation: "IGOC 2026",
  confidence: "press",
} as const;

describe("evidence labels", () => {
  it("name a counterparty country in the language, its code kept, and an unknown code as nothing", () => {
    expect(countryName("IE", "fr")).toBe("Irlande (IE)");
    expect(countryName("IE", "en")).toBe("Ireland (IE)");
    expect(countryName("not-a-code", "en")).toBeNull();
  });

  it("name a rule's rulebook and the rule itself in the reader's language", () => {
    expect(rulebookName(RULE, "fr")).toBe("IGOC 2026 — règles en vigueur");
    expect(rulebookName(RULE, "en")).toBe("IGOC 2026 — rules in force");
    expect(ruleTitle(RULE, "fr")).toBe("Dotation carte");
    expect(ruleTitle({ ...RULE, title_fr: "" }, "fr")).toBe("Card allowance");
  });
});
