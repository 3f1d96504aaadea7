import { describe, expect, it } from "vitest";

import { readCookie } from "./cookies";

describe("readCookie", () => {
  it("finds a cookie among others and decodes it", () => {
    expect(readCookie("csrftoken", "sessionid=s1; csrftoken=a%3Db; theme=dark")).toBe("a=b");
  });

  it("does not match a cookie whose name only ends with the wanted one", () => {
    expect(readCookie("csrftoken", "xcsrftoken=nope")).toBeNull();
  });

  it("returns null when absent or empty string", () => {
    expect(readCookie("csrftoken", "")).toBeNull();
  });
});
