import { describe, expect, it } from "vitest";

import { ApiError } from "@/lib/problem";

import { problemText } from "./problems";

const stale = new ApiError({
  status: 412,
  code: "stale_case",
  detail: "The case changed since you read it: reload it and try again.",
});

describe("the sentence for a refusal", () => {
  it("never shows the server's English detail on a French page", () => {
    expect(problemText(stale, "fr")).toBe("Le dossier a changé depuis votre lecture : rechargez-le puis réessayez.");
  });

  it("keeps the server's own detail in English, where it may name a limit", () => {
    const tooBig = new ApiError({ status: 413, code: "file_too_large", detail: "A document may be at most 10 MB." });
    expect(problemText(tooBig, "en")).toBe("A document may be at most 10 MB.");
    expect(problemText(tooBig, "fr")).toBe("Le fichier est trop volumineux.");
  });

  it("falls back on the status for a code it does not know, and on nothing for an unknown status", () => {
    const odd = new ApiError({ status: 409, code: "something_new", detail: "Something new happened." });
    expect(problemText(odd, "fr")).toBe("L'état a changé entre-temps : rechargez puis réessayez.");
    expect(problemText(new ApiError({ status: 500 }), "fr")).toBe(
      "Une erreur inattendue est survenue ; elle a été enregistrée.",
    );
    expect(problemText(new ApiError({ status: 502 }), "fr")).toBeNull();
    expect(problemText(new ApiError({ status: 418 }), "en")).toBeNull();
  });

  it("tells a locked-out user how long to wait, in minutes, in their language", () => {
    const locked = new ApiError({
      status: 429,
      code: "signin_locked",
      detail: "Trop d'échecs… / Too many failed sign-ins…",
      retryAfterSeconds: 61,
    });
    expect(problemText(locked, "fr")).toContain("Réessayez après 2 minutes");
    expect(problemText(locked, "en")).toContain("Try again after 2 minutes");
    expect(problemText({ code: "signin_locked", status: 429, detail: null, retryAfterSeconds: 30 }, "en")).toContain("after 1 minute,");
  });
});
