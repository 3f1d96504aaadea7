import { describe, expect, it } from "vitest";

import { curveGeometry, metricValues, numericParameters, sweepValues } from "./sweep";

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

describe("curveGeometry", () => {
  it("maps the largest value to the top and zero to the bottom", () => {
    const curve = curveGeometry([0, 5, 10], 220, 120, 10);
    expect(curve.maxY).toBe(10);
    expect(curve.points).toEqual([
      { x: 10, y: 110 },
      { x: 110, y: 60 },
      { x: 210, y: 10 },
    ]);
    expect(curve.path).toBe("M10.0,110.0 L110.0,60.0 L210.0,10.0");
  });

  it("draws a flat line at the bottom when every value is zero", () => {
    expect(curveGeometry([0, 0], 100, 50, 0).path).toBe("M0.0,50.0 L100.0,50.0");
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
