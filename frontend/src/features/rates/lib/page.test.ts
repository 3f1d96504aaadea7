import { describe, expect, it } from "vitest";

import { ApiError } from "@/lib/problem";

import { defaultPeriod, isQuarantined, statusTone } from "./page";

describe("defaultPeriod", () => {
  it("opens on the latest BAM publication and charts from the first one", () => {
    const coverage = { bundled_sample: true, bam_dates: ["2026-03-26", "2026-03-25"], ecb_first: null, ecb_last: null };
    expect(defaultPeriod(coverage, "2026-11-27")).toEqual({ date: "2026-03-26", start: "2026-03-25", end: "2026-03-26" });
  });

  it("charts at most a year back, and uses today when nothing is stored", () => {
    const coverage = { bundled_sample: false, bam_dates: ["2024-01-02", "2026-03-26"], ecb_first: null, ecb_last: null };
    expect(defaultPeriod(coverage, "2026-11-27")).toEqual({ date: "2026-03-26", start: "2025-03-26", end: "2026-03-26" });
    const empty = { bundled_sample: false, bam_dates: [], ecb_first: null, ecb_last: null };
    expect(defaultPeriod(empty, "2026-11-27")).toEqual({ date: "2026-11-27", start: "2025-11-27", end: "2026-11-27" });
  });
});

describe("statusTone", () => {
  it("colours working sources green, failing ones red and the rest neutral", () => {
    expect(["ok", "failing", "not_configured", "paused"].map(statusTone)).toEqual(["ok", "failing", "neutral", "neutral"]);
  });
});

describe("isQuarantined", () => {
  it("recognises only the 422 rate_file_* answers", () => {
    expect(isQuarantined(new ApiError({ status: 422, code: "rate_file_implausible_move" }))).toBe(true);
    expect(isQuarantined(new ApiError({ status: 400, code: "rate_file_malformed" }))).toBe(false);
    expect(isQuarantined(new ApiError({ status: 422, code: "invalid" }))).toBe(false);
    expect(isQuarantined(new Error("x"))).toBe(false);
  });
});
