import { describe, expect, it } from "vitest";

import { EVIDENCE_DICTIONARIES, evidenceText, methodText, outcomeText } from "./i18n";

function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();
}

describe("evidence strings", () => {
  it("use the same placeholders in French and English", () => {
    const { fr, en } = EVIDENCE_DICTIONARIES;
    for (const key of Object.keys(fr) as (keyof typeof fr)[]) {
      expect({ key, placeholders: placeholders(en[key]) }).toEqual({ key, placeholders: placeholders(fr[key]) });
    }
  });

  it("say how each amount got to dirhams, naming Bank Al-Maghrib's mid rate", () => {
    expect(methodText("fr", "carried_forward")).toBe(
      "Au cours de la dernière publication précédente (jour sans publication)",
    );
    expect(methodText("en", "in_dirhams")).toBe("No conversion (amount declared in dirhams)");
    expect(methodText("en", "something_new")).toBe("something_new");
    expect(evidenceText("fr", "conversions.note")).toContain("cours moyen de Bank Al-Maghrib");
    expect(evidenceText("en", "conversions.note")).toContain("mid rate (cours moyen)");
  });

  it("name every outcome in words, and an unknown one by its code", () => {
    expect(outcomeText("en", "allowed_under_sandbox")).toBe("Allowed under the sandbox");
    expect(outcomeText("fr", "allowed_under_sandbox")).toBe("Autorisé dans le bac à sable");
    expect(outcomeText("fr", "breach_confirmed")).toBe("Infraction confirmée");
    expect(outcomeText("en", "TOTAL")).toBe("All decided cases");
    expect(outcomeText("en", "waived_later")).toBe("waived_later");
  });

  it("fill the counts of a breakdown cell", () => {
    expect(evidenceText("fr", "breakdowns.counts", { declarations: 6, participants: 5 })).toBe("6 décl. · 5 part.");
  });
});
