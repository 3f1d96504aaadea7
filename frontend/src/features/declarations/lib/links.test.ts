import { describe, expect, it } from "vitest";

import { amendedFrom, amendedState, amendSearch, declarationSearch } from "./links";

describe("declaration addresses", () => {
  it("names the declaration, or its amend form, in the query string", () => {
    expect(declarationSearch("0b6c9d1e-0000-4000-8000-000000000001")).toBe(
      "?declaration=0b6c9d1e-0000-4000-8000-000000000001",
    );
    expect(amendSearch("a b&c")).toBe("?amend=a+b%26c");
  });
});

describe("amendedFrom", () => {
  it("reads back the amendment the history entry was given", () => {
    expect(amendedFrom(amendedState({ reference: "INV-1", version: 2 }))).toEqual({ reference: "INV-1", version: 2 });
  });

  it.each([null, undefined, "amended", {}, { amended: null }, { amended: { reference: "INV-1", version: "2" } }])(
    "ignores any other state: %j",
    (state) => {
      expect(amendedFrom(state)).toBeNull();
    },
  );
});
