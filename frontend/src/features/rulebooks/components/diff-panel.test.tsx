import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { AppProvider } from "@/app/provider";
import { createQueryClient } from "@/app/query-client";
import { jsonResponse, mockApi } from "@/testing/mock-api";

import type { VersionSummary } from "../api/rulebooks";
import { DiffPanel } from "./diff-panel";

const DRAFT = "6a0c1a52-0000-4000-8000-000000000002";
const PUBLISHED = "6a0c1a52-0000-4000-8000-000000000001";
const RULEBOOK = { id: "6a0c1a52-0000-4000-8000-0000000000aa", name: "IGOC 2026", name_fr: "IGOC 2026", name_en: "IGOC 2026", kind: "in_force" } as const;
const DIFF_VERSION = { rulebook: RULEBOOK, effective_from: "2026-01-01", content_hash: "x", published_at: null };

const BASE = {
  id: PUBLISHED,
  rulebook: RULEBOOK,
  number: 1,
  status: "published",
  effective_from: "2026-01-01",
  content_hash: "x",
  based_on: null,
  created_at: "2026-01-01T00:00:00Z",
  created_by: null,
  last_edited_by: null,
  last_edited_at: "2026-01-01T00:00:00Z",
  published_by: null,
  published_at: "2026-01-02T00:00:00Z",
} as unknown as VersionSummary;

const DIFF = {
  before: { ...DIFF_VERSION, id: PUBLISHED, number: 1, status: "published" },
  after: { ...DIFF_VERSION, id: DRAFT, number: 2, status: "draft" },
  metadata: [],
  rules: [
    {
      rule_id: "ECOM_COMPANY_ANNUAL_CAP",
      change: "changed",
      title: { fr: "Dotation e-commerce des sociétés", en: "Company e-commerce allowance" },
      fields: [
        {
          path: "citation",
          before: "Instruction générale des opérations de change 2026, article 58, paragraphe 3, alinéa 2",
          after: "IGOC 2026",
          change: "changed",
          text: "",
        },
      ],
    },
  ],
  summary: { added: 0, removed: 0, changed: 1, unchanged: 0 },
  lines: [],
};

describe("rulebook diff", () => {
  it("gives the before and after columns the same width, however long either value", async () => {
    mockApi([
      { method: "GET", path: `/api/v1/rulebook-versions/${DRAFT}/diff/`, respond: () => jsonResponse(200, DIFF) },
      { method: "GET", path: `/api/v1/rulebook-versions/${PUBLISHED}/`, respond: () => jsonResponse(200, { ...BASE, rules: [] }) },
    ]);
    render(
      <AppProvider queryClient={createQueryClient()}>
        <DiffPanel versionId={DRAFT} basedOn={PUBLISHED} rules={[]} others={[BASE]} />
      </AppProvider>,
    );
    const rule = await screen.findByTestId("diff-rule-ECOM_COMPANY_ANNUAL_CAP");
    const table = within(rule).getByRole("table");
    const before = within(table).getByTestId("diff-col-before");
    const after = within(table).getByTestId("diff-col-after");
    expect(before.className).toBe("diff-table__value-col");
    expect(after.className).toBe(before.className);
    // The columns are, in order, the field, before and after, as the header says.
    const headers = within(table).getAllByRole("columnheader").map((cell) => cell.textContent);
    expect(headers).toEqual(["Champ", "Avant", "Après"]);
    expect(table.querySelectorAll("col")).toHaveLength(headers.length);
  });
});
