import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it } from "vitest";

import { AppProvider } from "@/app/provider";
import { createQueryClient } from "@/app/query-client";
import { LANGUAGE_STORAGE_KEY } from "@/lib/i18n";
import { jsonResponse, mockApi } from "@/testing/mock-api";

import type { Rule } from "../api/rulebooks";
import type { RuleEntry } from "../lib/document";
import { NoteInputs } from "./rule-fields";
import { RuleForm } from "./rule-form";
import { RulesTable } from "./rules-table";

const RULE = {
  id: "SVC_ADVANCE_MAX_PCT",
  kind: "per_payment_cap",
  title: { fr: "Avance maximale", en: "Maximum advance" },
  severity: "medium",
  confidence: "official",
  illustrative: false,
  citation: {
    instrument: "IGOC",
    edition: "2024",
    article: "97",
    source: null,
    source_url: null,
    note: "Authorised intermediaries may transfer advances up to 30 %.",
    note_fr: "Les intermédiaires agréés peuvent transférer des avances jusqu'à 30 %.",
    note_en: "Authorised intermediaries may transfer advances up to 30 %.",
    label: "IGOC 2024, art. 97",
  },
  scope: {},
  params: { measure: "advance_share", max_share_bp: 3000 },
  history: [],
  notes: "Read with the FAQ.",
  notes_fr: "À lire avec la FAQ.",
  notes_en: "Read with the FAQ.",
} as unknown as Rule;

function renderTable() {
  render(
    <AppProvider queryClient={createQueryClient()}>
      <RulesTable rules={[RULE]} />
    </AppProvider>,
  );
}

describe("the rules of a version", () => {
  it("show each note in the reader's language", () => {
    renderTable();
    expect(screen.getByTestId("rule-note-SVC_ADVANCE_MAX_PCT")).toHaveTextContent(
      "Les intermédiaires agréés peuvent transférer des avances jusqu'à 30 %.",
    );
    expect(screen.getByTestId("rule-notes-SVC_ADVANCE_MAX_PCT")).toHaveTextContent("À lire avec la FAQ.");
  });

  it("in English for an English reader", () => {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, "en");
    renderTable();
    expect(screen.getByTestId("rule-note-SVC_ADVANCE_MAX_PCT")).toHaveTextContent(
      "Authorised intermediaries may transfer advances up to 30 %.",
    );
    expect(screen.getByTestId("rule-notes-SVC_ADVANCE_MAX_PCT")).toHaveTextContent("Read with the FAQ.");
    // An English colon after each value's name, not the French spaced one.
    expect(screen.getByTestId("rule-SVC_ADVANCE_MAX_PCT")).not.toHaveTextContent(/\w :/);
  });
});

function NoteEditor({ initial, seen }: { initial: unknown; seen: unknown[] }) {
  const [value, setValue] = useState<unknown>(initial);
  return (
    <NoteInputs
      label="Note"
      value={value}
      onChange={(next) => {
        seen.push(next);
        setValue(next);
      }}
      errors={{ note: [], fr: [], en: [] }}
      testId="note"
    />
  );
}

describe("a note in the draft editor", () => {
  it("shows an older draft's plain note as its English and writes both languages", async () => {
    const seen: unknown[] = [];
    render(
      <AppProvider queryClient={createQueryClient()}>
        <NoteEditor initial="Older note" seen={seen} />
      </AppProvider>,
    );
    const french = screen.getByLabelText("Note (français)");
    expect(french).toHaveValue("");
    expect(screen.getByLabelText("Note (anglais)")).toHaveValue("Older note");
    await userEvent.setup().type(french, "A");
    expect(seen.at(-1)).toEqual({ fr: "A", en: "Older note" });
    await userEvent.setup().clear(french);
    await userEvent.setup().clear(screen.getByLabelText("Note (anglais)"));
    expect(seen.at(-1)).toBeUndefined();
  });
});

describe("a rule's source in the draft editor", () => {
  it("tells the source's note from the rule's notes and picks the publication date as a date", async () => {
    mockApi([{ method: "GET", path: "/api/v1/declaration-categories/", respond: () => jsonResponse(200, []) }]);
    const rule = {
      id: "CARD_CAP",
      kind: "annual_cap",
      title: { fr: "Dotation carte", en: "Card allowance" },
      severity: "high",
      confidence: "press",
      citation: { instrument: "IGOC", source: "Le Reporter", published_on: "2026-02-17", note: { fr: "Déclaration", en: "Statement" } },
      scope: {},
      params: { cap_mad: 2000000, period: "calendar_year" },
      notes: { fr: "À relire", en: "To read again" },
    } as unknown as RuleEntry;
    render(
      <AppProvider queryClient={createQueryClient()}>
        <RuleForm rule={rule} index={0} isNew={false} errors={[]} onChange={() => undefined} />
      </AppProvider>,
    );

    expect(await screen.findByLabelText("Note sur la source (français)")).toHaveValue("Déclaration");
    expect(screen.getByLabelText("Notes sur la règle (français)")).toHaveValue("À relire");
    const published = screen.getByLabelText(/^Date de publication/);
    expect(published).toHaveAttribute("type", "date");
    expect(published).toHaveValue("2026-02-17");
  });
});
