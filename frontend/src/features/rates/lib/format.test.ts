import { describe, expect, it } from "vitest";

import { ratesMessages } from "../messages";
import { consecutiveRuns } from "./dates";
import { describeCoverage } from "./format";

const t = ratesMessages.fixedT;

const SAMPLE = {
  bundled_sample: true,
  bam_dates: ["2026-03-26", "2026-03-25"],
  ecb_first: "2026-02-17",
  ecb_last: "2026-03-18",
};

describe("describeCoverage", () => {
  it("says the rates are the bundled sample and gives its dates, in French", () => {
    expect(describeCoverage(SAMPLE, t("fr"), "fr")).toBe(
      "Ces cours proviennent d'un échantillon de réponses enregistrées, fourni avec l'application, et non des " +
        "sources en direct : Bank Al-Maghrib du 25–26 mars 2026 ; BCE du 17 février 2026 – 18 mars 2026.",
    );
  });

  it("says the same in English", () => {
    expect(describeCoverage(SAMPLE, t("en"), "en")).toBe(
      "These rates come from a sample of recorded answers bundled with the application, not from the live " +
        "sources: Bank Al-Maghrib of 25–26 March 2026; ECB of 17 February 2026 – 18 March 2026.",
    );
  });

  it("lists separate runs of BAM dates, and summarises many of them", () => {
    const twoRuns = { ...SAMPLE, bundled_sample: false, bam_dates: ["2026-03-20", "2026-03-25", "2026-03-26"], ecb_first: null, ecb_last: null };
    expect(describeCoverage(twoRuns, t("en"), "en")).toBe(
      "Stored rates: Bank Al-Maghrib of 20 March 2026 and 25–26 March 2026.",
    );
    const many = { ...twoRuns, bam_dates: ["2026-01-05", "2026-01-07", "2026-01-09", "2026-01-12", "2026-01-14"] };
    expect(describeCoverage(many, t("en"), "en")).toBe(
      "Stored rates: Bank Al-Maghrib, 5 publication days from 5 January 2026 to 14 January 2026.",
    );
  });

  it("says when nothing is stored", () => {
    const empty = { bundled_sample: false, bam_dates: [], ecb_first: null, ecb_last: null };
    expect(describeCoverage(empty, t("fr"), "fr")).toBe(
      "Aucun cours n'est encore enregistré. Importez un fichier de cours ci-dessous.",
    );
  });
});

describe("consecutiveRuns", () => {
  it("groups consecutive calendar days, across a month end", () => {
    expect(consecutiveRuns(["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-03"])).toEqual([
      ["2026-02-27", "2026-03-01"],
      ["2026-03-03", "2026-03-03"],
    ]);
    expect(consecutiveRuns([])).toEqual([]);
  });
});
