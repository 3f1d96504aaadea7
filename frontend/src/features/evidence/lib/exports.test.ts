import { describe, expect, it } from "vitest";

import { EXPORT_POLL_MS, isFinished, pollInterval, progressOf } from "./exports";

describe("export jobs", () => {
  it("poll until the job is done or failed", () => {
    expect(pollInterval(undefined)).toBe(EXPORT_POLL_MS);
    expect(pollInterval({ status: "queued" })).toBe(EXPORT_POLL_MS);
    expect(pollInterval({ status: "running" })).toBe(EXPORT_POLL_MS);
    expect(pollInterval({ status: "done" })).toBe(false);
    expect(pollInterval({ status: "failed" })).toBe(false);
    expect(isFinished({ status: "running" })).toBe(false);
  });

  it("draw progress within 0–100, a finished export always full", () => {
    expect(progressOf({ status: "running", progress: 40 })).toBe(40);
    expect(progressOf({ status: "running", progress: 140 })).toBe(100);
    expect(progressOf({ status: "queued", progress: -3 })).toBe(0);
    expect(progressOf({ status: "done", progress: 90 })).toBe(100);
  });
});
