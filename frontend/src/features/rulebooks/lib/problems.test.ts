import { describe, expect, it } from "vitest";

import { ApiError } from "@/lib/problem";

import { documentPath, locatedErrors } from "./problems";

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
      errors: [{ pointer: "/document/rules/0/id", code: "invalid", detail: "bad id" }],
    };
    expect(locatedErrors(validation)).toEqual([{ pointer: "/document/rules/0/id", detail: "bad id" }]);
    const refused = new ApiError({
      status: 400,
      fieldErrors: [{ pointer: "/source", field: "source", code: "syntax_error", detail: "line 2" }],
    });
    expect(locatedErrors(refused)).toEqual([{ pointer: "/source", detail: "line 2" }]);
    expect(locatedErrors(null)).toEqual([]);
  });
});
