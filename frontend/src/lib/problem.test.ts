import { describe, expect, it } from "vitest";

import { ApiError, parseProblem, pointerToField } from "./problem";

describe("parseProblem", () => {
  it("keeps every member of a problem-details body and maps field pointers", () => {
    const error = parseProblem(400, {
      type: "https://fx-sandbox.example/problems/validation",
      title: "Invalid input",
      status: 400,
      detail: "2 fields are invalid.",
      code: "invalid",
      errors: [
        { pointer: "/amount/amount", code: "max_decimal_places", detail: "At most 2 decimals for EUR." },
        { pointer: "/reference", code: "unique", detail: "This reference is already used." },
        { pointer: "/amount/amount", code: "positive", detail: "Must be greater than zero." },
      ],
    });

    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.type).toBe("https://fx-sandbox.example/problems/validation");
    expect(error.title).toBe("Invalid input");
    expect(error.detail).toBe("2 fields are invalid.");
    expect(error.message).toBe("2 fields are invalid.");
    expect(error.code).toBe("invalid");
    expect(error.isNetworkError).toBe(false);
    expect(error.messagesFor("amount.amount")).toEqual(["At most 2 decimals for EUR.", "Must be greater than zero."]);
    expect(error.messagesFor("reference")).toEqual(["This reference is already used."]);
    expect(error.messagesFor("currency")).toEqual([]);
    expect(error.byField).toEqual({
      "amount.amount": ["At most 2 decimals for EUR.", "Must be greater than zero."],
      reference: ["This reference is already used."],
    });
    expect(error.fieldErrors[1]).toEqual({
      pointer: "/reference",
      field: "reference",
      code: "unique",
      detail: "This reference is already used.",
    });
  });

  it("files form-level errors under the empty field", () => {
    const error = parseProblem(400, {
      detail: "Invalid input.",
      errors: [
        { pointer: "/non_field_errors", code: "invalid", detail: "Dates are inconsistent." },
        { pointer: "", code: "invalid", detail: "Whole body rejected." },
      ],
    });

    expect(error.messagesFor("")).toEqual(["Dates are inconsistent.", "Whole body rejected."]);
  });

  it("keeps the HTTP status when the body is not problem details", () => {
    for (const body of ["<html>Bad gateway</html>", undefined, null, ["x"]]) {
      const error = parseProblem(502, body);
      expect(error.status).toBe(502);
      expect(error.detail).toBeNull();
      expect(error.code).toBeNull();
      expect(error.fieldErrors).toEqual([]);
      expect(error.message).toBe("HTTP 502");
    }
  });

  it("ignores malformed entries in errors and blank members", () => {
    const error = parseProblem(400, {
      title: "Invalid input",
      detail: "  ",
      errors: [null, "oops", { pointer: "/username" }, { pointer: "/password", detail: "Too short." }],
    });

    expect(error.detail).toBeNull();
    expect(error.message).toBe("Invalid input");
    expect(error.fieldErrors).toEqual([{ pointer: "/password", field: "password", code: "invalid", detail: "Too short." }]);
  });
});

describe("pointerToField", () => {
  it.each([
    ["/amount/amount", "amount.amount"],
    ["/counterparty/country", "counterparty.country"],
    ["/lines/0/amount", "lines.0.amount"],
    ["/a~1b/c~0d", "a/b.c~d"],
    ["", ""],
    ["/", ""],
    ["/non_field_errors", ""],
  ])("maps %j to %j", (pointer, field) => {
    expect(pointerToField(pointer)).toBe(field);
  });
});
