import { describe, expect, it } from "vitest";

import { formatParameter, metricValues, numericParameters, sweepValues } from "./sweep";

describe("sweepValues", () => {
  it("spaces values evenly, ends included, in exact decimal strings", () => {
    expect(sweepValues("1000000", "3000000", 5)).toEqual(["1000000", "1500000", "2000000", "2500000", "3000000"]);
    expect(sweepValues("0,5", "1", 3)).toEqual(["0.50", "0.75", "1"]);
    expect(sweepValues("10", "0", 3)).toEqual(["10", "5", "0"]);
  });

  it("rounds steps down to the centime and drops repeats", () => {
    expect(sweepValues("0", "0.01", 3)).toEqual(["0", "0.01"]);
    expect(sweepValues("0", "1", 4)).toEqual(["0", "0.33", "0.66", "1"]);
  });

  it("refuses unusable input", () => {
    expect(sweepValues("abc", "10", 3)).toBeNull();
    expect(sweepValues("1", "1", 3)).toBeNull();
    expect(sweepValues("1", "2", 1)).toBeNull();
    expect(sweepValues("1", "2", 51)).toBeNull();
    expect(sweepValues("1.234", "2", 3)).toBeNull();
  });
});

describe("numericParameters", () => {
  it("keeps numbers and decimal strings, sorted", () => {
    expect(numericParameters({ cap_mad: "2000000.00", window_days: 30, period: "calendar_year", on: true })).toEqual([
      "cap_mad",
      "window_days",
    ]);
    expect(numericParameters(null)).toEqual([]);
    expect(numericParameters([1, 2])).toEqual([]);
  });
});

describe("formatParameter", () => {
  const NBSP = "\u00a0";
  const NNBSP = "\u202f";
  it("writes each parameter in its unit", () => {
    expect(formatParameter("cap_mad", "2000000.00", "fr")).toBe(`2${NNBSP}000${NNBSP}000${NBSP}MAD`);
    expect(formatParameter("max_share_bp", "3000", "en")).toBe("30%");
    expect(formatParameter("max_days", "90", "fr")).toBe("90 jours");
    expect(formatParameter("max_days", "1", "en")).toBe("1 day");
    expect(formatParameter("min_count", "3", "en")).toBe("3");
  });
});

describe("metricValues", () => {
  it("reads each measure, MAD volumes as whole dirhams", () => {
    const sweep = {
      results: [
        { value: "1000000", breaches: 4, participants: 3, volume_mad_blocked: "5200000.50" },
        { value: "2000000", breaches: 1, participants: 1, volume_mad_blocked: "0.00" },
      ],
    };
    expect(metricValues(sweep, "breaches")).toEqual([4, 1]);
    expect(metricValues(sweep, "participants")).toEqual([3, 1]);
    expect(metricValues(sweep, "volume")).toEqual([5200000, 0]);
  });
});
