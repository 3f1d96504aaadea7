import { describe, expect, it } from "vitest";

import { countryName, sectorName } from "./labels";

describe("breakdown labels", () => {
  it("name a counterparty country in the language, its code kept, and a missing one in words", () => {
    expect(countryName("IE", "fr")).toBe("Irlande (IE)");
    expect(countryName("IE", "en")).toBe("Ireland (IE)");
    expect(countryName("none", "fr")).toBe("Pays non renseigné");
    expect(countryName("not-a-code", "en")).toBe("not-a-code");
  });

  it("keep a sector as written and say when none was given", () => {
    expect(sectorName("Logiciel", "en")).toBe("Logiciel");
    expect(sectorName("none", "en")).toBe("Sector not given");
  });
});
