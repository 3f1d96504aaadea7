import { describe, expect, it } from "vitest";

import type { Participant } from "../api/participants";
import { checkDraft, draftOf, fieldOfPointer, toChange, type FactDraft } from "./facts";

const TODAY = "2026-04-15";
const SOURCE = { asOf: "2026-03-01", source: "Attestation fiscale 2025" };

const PARTICIPANT: Participant = {
  id: "5b0f3f1e-0000-4000-8000-000000000002",
  name: "Tissage Numérique SARL",
  labelled: false,
  labelled_on: null,
  incorporated_on: "2019-03-01",
  has_fx_account: false,
  categorised_operator: null,
  certified_accounts: true,
  tax_paid_last_fy: null,
  pre_revenue: false,
  cluster: "C2TM",
  sources: {},
  unknown: ["categorised_operator", "tax_paid_last_fy"],
};

function draft(state: FactDraft["state"], value = "", source = SOURCE): FactDraft {
  return { state, value, ...source };
}

describe("the tri-state of a yes/no fact becomes the PATCH body", () => {
  it.each([
    ["yes", true],
    ["no", false],
  ] as const)("known %s sends the value with its source", (state, value) => {
    expect(toChange("certified_accounts", draft(state), "fr")).toEqual({
      certified_accounts: value,
      sources: { certified_accounts: { as_of: "2026-03-01", source: "Attestation fiscale 2025" } },
    });
  });

  it("unknown sends null and no source (the server drops the old one)", () => {
    expect(toChange("pre_revenue", draft("unknown", "", { asOf: "", source: "" }), "en")).toEqual({ pre_revenue: null });
  });

  it("a label says since when; no label and an unknown label clear the date", () => {
    expect(toChange("labelled", draft("yes", "2025-01-20"), "fr")).toEqual({
      labelled: true,
      labelled_on: "2025-01-20",
      sources: { labelled: { as_of: "2026-03-01", source: "Attestation fiscale 2025" } },
    });
    expect(toChange("labelled", draft("no", "2025-01-20"), "fr")).toMatchObject({ labelled: false, labelled_on: null });
    expect(toChange("labelled", draft("unknown", "2025-01-20"), "fr")).toEqual({ labelled: null, labelled_on: null });
  });

  it("cluster membership travels as the `cluster` field, unknown as an empty code", () => {
    expect(toChange("is_cluster_member", draft("known", "NONE"), "en")).toEqual({
      cluster: "NONE",
      sources: { is_cluster_member: { as_of: "2026-03-01", source: "Attestation fiscale 2025" } },
    });
    expect(toChange("is_cluster_member", draft("unknown"), "en")).toEqual({ cluster: "" });
  });

  it("an incorporation date is sent as typed, unknown as null", () => {
    expect(toChange("incorporated_on", draft("known", "2019-03-01"), "fr")).toMatchObject({ incorporated_on: "2019-03-01" });
    expect(toChange("incorporated_on", draft("unknown", "2019-03-01"), "fr")).toEqual({ incorporated_on: null });
  });
});

describe("the tax amount is read in the page's language", () => {
  it.each([
    ["fr", "45 000,50", "45000.50"],
    ["fr", "45.000", "45000"],
    ["fr", "1 200 000", "1200000"],
    ["en", "45,000.50", "45000.50"],
    ["en", "1,200,000", "1200000"],
    ["en", "0", "0"],
  ] as const)("%s: %s → %s", (language, typed, sent) => {
    expect(checkDraft("tax_paid_last_fy", draft("known", typed), language, TODAY)).toEqual({});
    expect(toChange("tax_paid_last_fy", draft("known", typed), language).tax_paid_last_fy).toBe(sent);
  });

  it.each([
    ["en", "1,50", "check.amountGrouping"],
    ["fr", "45 000,505", "check.amountPlaces"],
    ["en", "45k", "check.amountFormat"],
    ["fr", "-100", "check.amountFormat"],
    ["fr", "", "check.required"],
    ["en", "123456789012345", "check.amountTooLarge"],
  ] as const)("%s: %s is refused (%s)", (language, typed, problem) => {
    expect(checkDraft("tax_paid_last_fy", draft("known", typed), language, TODAY)).toEqual({ value: problem });
  });

  it("the form shows the known amount as the reader would type it", () => {
    const known = { ...PARTICIPANT, tax_paid_last_fy: "45000.50" };
    expect(draftOf(known, "tax_paid_last_fy", "fr").value).toBe("45000,50");
    expect(draftOf(known, "tax_paid_last_fy", "en").value).toBe("45000.50");
  });
});

describe("a known fact needs its as-of date and its source", () => {
  it("both are required when known", () => {
    const missing = draft("yes", "", { asOf: "", source: "  " });
    expect(checkDraft("has_fx_account", missing, "fr", TODAY)).toEqual({
      asOf: "check.required",
      source: "check.sourceRequired",
    });
  });

  it("neither is asked when the fact is unknown", () => {
    expect(checkDraft("tax_paid_last_fy", draft("unknown", "", { asOf: "", source: "" }), "fr", TODAY)).toEqual({});
  });

  it("nothing is known as of a day still to come, nor founded or labelled in the future", () => {
    expect(checkDraft("has_fx_account", draft("no", "", { asOf: "2026-04-16", source: "Relevé" }), "en", TODAY)).toEqual({
      asOf: "check.asOfFuture",
    });
    expect(checkDraft("incorporated_on", draft("known", "2026-05-01"), "en", TODAY)).toEqual({ value: "check.dateFuture" });
    expect(checkDraft("labelled", draft("yes", ""), "en", TODAY)).toEqual({ value: "check.required" });
  });

  it("a source is at most 300 characters", () => {
    const long = draft("yes", "", { asOf: "2026-03-01", source: "x".repeat(301) });
    expect(checkDraft("pre_revenue", long, "fr", TODAY)).toEqual({ source: "check.sourceLength" });
  });

  it("a known cluster names one", () => {
    expect(checkDraft("is_cluster_member", draft("known", ""), "fr", TODAY)).toEqual({ value: "check.required" });
  });
});

describe("the form starts from what is known now", () => {
  it("each fact's state, with an empty source to state anew", () => {
    expect(draftOf(PARTICIPANT, "tax_paid_last_fy", "fr")).toEqual({ state: "unknown", value: "", asOf: "", source: "" });
    expect(draftOf(PARTICIPANT, "certified_accounts", "fr")).toMatchObject({ state: "yes" });
    expect(draftOf(PARTICIPANT, "labelled", "fr")).toMatchObject({ state: "no", value: "" });
    expect(draftOf(PARTICIPANT, "is_cluster_member", "fr")).toMatchObject({ state: "known", value: "C2TM" });
    expect(draftOf({ ...PARTICIPANT, cluster: "" }, "is_cluster_member", "fr")).toMatchObject({ state: "unknown" });
  });
});

describe("the server's problems land beside their field", () => {
  it.each([
    ["/sources/tax_paid_last_fy", "tax_paid_last_fy", "source"],
    ["/sources/tax_paid_last_fy/as_of", "tax_paid_last_fy", "asOf"],
    ["/sources/tax_paid_last_fy/source", "tax_paid_last_fy", "source"],
    ["/tax_paid_last_fy", "tax_paid_last_fy", "value"],
    ["/labelled_on", "labelled", "value"],
    ["/cluster", "is_cluster_member", "value"],
    ["/sources/labelled", "tax_paid_last_fy", null],
    ["", "pre_revenue", null],
  ] as const)("%s for %s → %s", (pointer, fact, field) => {
    expect(fieldOfPointer(fact, pointer)).toBe(field);
  });
});
