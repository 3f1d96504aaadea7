import { describe, expect, it } from "vitest";

import { ApiError } from "@/lib/problem";

import { rulebooksMessages } from "../messages";
import { documentPointer, getAt, pointerPath, setAt } from "./document";
import { documentPath, locatedErrors, problemPlace, problemText } from "./problems";

const fr = rulebooksMessages.fixedT("fr");
const en = rulebooksMessages.fixedT("en");
const DOCUMENT = {
  rulebook: { name: "Test", kind: "in_force" },
  version: { effective_from: "2026-01-01" },
  rules: [
    { id: "CARD_CAP", title: { fr: "Dotation carte", en: "Card allowance" }, params: { cap_mad: "2 000 000" } },
  ],
};

describe("documentPath", () => {
  it("strips the request-body prefix so the path reads inside the document", () => {
    expect(documentPath("/document/rules/3/params/cap_mad")).toBe("rules/3/params/cap_mad");
    expect(documentPath("/source")).toBe("/");
  });
});

describe("locatedErrors", () => {
  it("lists a dry validation's errors and a refused save's field errors alike", () => {
    const validation = {
      valid: false,
      errors: [{ pointer: "/document/rules/0/id", code: "not_rule_id", detail: "bad id" }],
      document: null,
      source: null,
    };
    expect(locatedErrors(validation)).toEqual([{ pointer: "/document/rules/0/id", code: "not_rule_id", detail: "bad id" }]);
    const refused = new ApiError({
      status: 400,
      fieldErrors: [{ pointer: "/source", field: "source", code: "syntax_error", detail: "line 2" }],
    });
    expect(locatedErrors(refused)).toEqual([{ pointer: "/source", code: "syntax_error", detail: "line 2" }]);
    expect(locatedErrors(null)).toEqual([]);
  });
});

describe("a problem in plain words", () => {
  const error = { pointer: "/document/rules/0/params/cap_mad", code: "not_money", detail: "'2 000 000' does not match '^(0|[1-9]…'" };

  it("says where, by the rule's title and the field's name, in the reader's language", () => {
    expect(problemPlace(fr, error.pointer, DOCUMENT, "fr")).toBe("Règle 1 « Dotation carte » › Plafond (MAD)");
    expect(problemPlace(en, error.pointer, DOCUMENT, "en")).toBe("Rule 1 “Card allowance” › Cap (MAD)");
    expect(problemPlace(fr, "/document/version/effective_from", DOCUMENT, "fr")).toBe("Date d'entrée en vigueur");
  });

  it("says what is wrong without the schema's regular expression", () => {
    expect(problemText(fr, error)).toContain("deux décimales");
    expect(problemText(en, error)).not.toContain("^(0");
  });

  it("falls back to the server's sentence for a problem it has no words for", () => {
    expect(problemText(en, { ...error, code: "something_new", detail: "Something new." })).toBe("Something new.");
  });
});

describe("document paths", () => {
  it("read and write a value by path without touching the original", () => {
    const next = setAt(DOCUMENT, ["rules", 0, "params", "cap_mad"], "4000000.00");
    expect(getAt(next, ["rules", 0, "params", "cap_mad"])).toBe("4000000.00");
    expect(getAt(DOCUMENT, ["rules", 0, "params", "cap_mad"])).toBe("2 000 000");
  });

  it("remove a member or a list item when given undefined", () => {
    expect(getAt(setAt(DOCUMENT, ["rules", 0, "params", "cap_mad"], undefined), ["rules", 0, "params"])).toEqual({});
    expect(setAt(DOCUMENT, ["rules", 0], undefined).rules).toEqual([]);
  });

  it("turn a pointer into a path and back", () => {
    expect(pointerPath("/document/rules/2/citation/source_url")).toEqual(["rules", 2, "citation", "source_url"]);
    expect(documentPointer(["rules", 2, "citation", "source_url"])).toBe("/document/rules/2/citation/source_url");
  });
});
