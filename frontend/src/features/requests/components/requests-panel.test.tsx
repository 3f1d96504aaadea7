import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";

import { MemoryRouter } from "react-router";

import { I18nProvider } from "@/lib/i18n";
import { jsonResponse, mockApi } from "@/testing/mock-api";

import { DeclarationRequests, RequestsPanel } from "./requests-panel";

const CASE_ID = "0b6c9d1e-0000-4000-8000-000000000001";
const REQUEST = {
  id: "7d1f0000-0000-4000-8000-000000000002",
  case: CASE_ID,
  declaration: { id: "d1", reference: "INV-42", value_date: "2026-03-02", category: "SAAS_CLOUD" },
  kind: "documents",
  message: "Send the signed contract.",
  asked_at: "2026-03-03T09:00:00Z",
  status: "open",
  answer_text: "",
  answered_at: null,
  answer_documents: [],
  case_etag: `"${CASE_ID}.3"`,
};
const DECIDED = {
  id: "c2",
  state: "decided",
  declaration: { id: "d2", reference: "INV-7", value_date: "2026-02-02", category: "SAAS_CLOUD" },
  outcome: "allowed_under_sandbox",
  decided_at: "2026-03-01T09:00:00Z",
  decided_by: "demo-regulator",
  opened_at: "2026-02-03T09:00:00Z",
  etag: '"c2.5"',
};

function renderPanel() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <I18nProvider>
        <MemoryRouter>
          <RequestsPanel />
        </MemoryRouter>
      </I18nProvider>
    </QueryClientProvider>,
  );
}

describe("the startup's requests panel", () => {
  it("answers with text and a file, sending the case's ETag, and shows decisions", async () => {
    const answers: { ifMatch: string | null; text: FormDataEntryValue | null; files: number }[] = [];
    const decisionQueries: string[] = [];
    mockApi([
      {
        method: "GET",
        path: "/api/v1/case-requests/",
        respond: () => jsonResponse(200, { next: null, previous: null, results: answers.length ? [] : [REQUEST] }),
      },
      {
        method: "GET",
        path: "/api/v1/cases/",
        respond: (request) => {
          decisionQueries.push(new URL(request.url).search);
          return jsonResponse(200, { next: null, previous: null, results: [DECIDED] });
        },
      },
      {
        method: "POST",
        path: `/api/v1/cases/${CASE_ID}/requests/${REQUEST.id}/answer/`,
        respond: async (request) => {
          const form = await request.formData();
          answers.push({
            ifMatch: request.headers.get("If-Match"),
            text: form.get("text"),
            // jsdom's Request re-encodes the file (name and bytes); the browser test checks them.
            files: form.getAll("files").length,
          });
          return jsonResponse(200, {});
        },
      },
    ]);
    renderPanel();

    const form = await screen.findByTestId("request-INV-42");
    expect(form).toHaveTextContent("Send the signed contract.");
    // Every decided case, not a first page of all cases filtered afterwards
    expect(await screen.findByTestId("decision-INV-7")).toHaveTextContent(
      /^INV-7 — Autorisé dans le bac à sable par demo-regulator le 1 mars 2026, 09:00$/,
    );
    expect(decisionQueries[0]).toBe("?state=decided&state=closed&ordering=-opened_at&page_size=10");

    const user = userEvent.setup();
    await user.type(within(form).getByLabelText("Votre réponse"), "Ci-joint.");
    await user.upload(
      within(form).getByLabelText("Documents (PDF, PNG ou JPEG)"),
      new File(["%PDF-1.4"], "contrat.pdf", { type: "application/pdf" }),
    );
    await user.click(within(form).getByRole("button", { name: "Envoyer la réponse" }));

    expect(await screen.findByText("Aucune demande en attente.")).toBeInTheDocument();
    expect(answers).toEqual([{ ifMatch: REQUEST.case_etag, text: "Ci-joint.", files: 1 }]);
  });
});

describe("the requests on a declaration's page", () => {
  it("asks only for that declaration's open requests and shows its own case's outcome", async () => {
    const asked: (string | null)[] = [];
    mockApi([
      {
        method: "GET",
        path: "/api/v1/case-requests/",
        respond: (request) => {
          asked.push(new URL(request.url).searchParams.get("declaration"));
          return jsonResponse(200, { next: null, previous: null, results: [REQUEST] });
        },
      },
      { method: "GET", path: "/api/v1/cases/", respond: () => jsonResponse(200, { next: null, previous: null, results: [DECIDED] }) },
    ]);
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <QueryClientProvider client={client}>
        <I18nProvider>
          <DeclarationRequests declarationId="d1" />
        </I18nProvider>
      </QueryClientProvider>,
    );

    const section = await screen.findByTestId("declaration-requests");
    expect(within(section).getByTestId("request-INV-42")).toHaveTextContent("Send the signed contract.");
    expect(asked).toEqual(["d1"]);
    // The decided case is about another declaration (d2): its outcome is not shown here.
    expect(within(section).queryByTestId("declaration-outcome")).not.toBeInTheDocument();
  });
});
