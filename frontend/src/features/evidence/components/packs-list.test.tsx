import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { DEMO_USERS, jsonResponse, mockApi, problemResponse, type MockRoute } from "@/testing/mock-api";
import { renderApp } from "@/testing/render-app";

const PACK_ID = "5f0d7a5e-3c1b-4d8e-9f00-000000000001";
const HASH = "ab12cd34ef56".padEnd(64, "0");

function pack(overrides: Record<string, unknown> = {}) {
  return {
    id: PACK_ID,
    audience: "advocate",
    filters: { date_from: "2026-01-01", date_to: "2026-12-31" },
    status: "built",
    manifest: {},
    manifest_hash: HASH,
    file_hashes: {},
    cutoff: "2026-06-01T10:00:00Z",
    inputs_sha256: "0".repeat(64),
    created_at: "2026-06-01T10:00:00Z",
    built_at: "2026-06-01T10:00:05Z",
    last_verified_at: "2026-06-02T09:00:00Z",
    last_verified_ok: true,
    last_current_data: {
      differs: true,
      declarations_added: 1,
      declarations_removed: 1,
      declarations_changed: 0,
      verdicts_changed: 2,
    },
    ...overrides,
  };
}

function routes(extra: MockRoute[] = []): MockRoute[] {
  return [
    { method: "GET", path: "/api/v1/auth/me/", respond: () => jsonResponse(200, DEMO_USERS.advocate) },
    {
      method: "GET",
      path: "/api/v1/notifications/unread-count/",
      respond: () => jsonResponse(200, { unread: 0 }),
    },
    {
      method: "GET",
      path: "/api/v1/evidence-exports/",
      respond: () => jsonResponse(200, { next: null, previous: null, results: [] }),
    },
    {
      method: "GET",
      path: "/api/v1/evidence-packs/",
      respond: () => jsonResponse(200, { next: null, previous: null, results: [pack()] }),
    },
    ...extra,
  ];
}

const CHECKED = {
  pack: PACK_ID,
  manifest_sha256: HASH,
  intact: false,
  files: [
    { name: "measures.csv", expected: "a", actual: "b", state: "changed", rebuilt: null, same_as_built: false },
    { name: "report.pdf", expected: "c", actual: "c", state: "ok", rebuilt: null, same_as_built: true },
  ],
  problems: [],
  rebuild_skipped: "a file differs from the manifest: nothing rebuilt",
};

// The first render loads the page's lazy chunks; on a busy machine that outlasts five seconds.
const PAGE_TEST_TIMEOUT_MS = 15_000;

describe("evidence packs", { timeout: PAGE_TEST_TIMEOUT_MS }, () => {
  it("say what changed in the live data since a pack's cut-off, apart from whether it reproduces", async () => {
    mockApi(routes());
    renderApp("/advocate/exports");
    const row = await screen.findByTestId(`pack-${PACK_ID}`);
    expect(within(row).getByTestId("pack-verdict")).toHaveTextContent("Reproduit à l'identique (2 juin 2026");
    expect(within(row).getByTestId("pack-current-data")).toHaveTextContent(
      "Les données actuelles diffèrent depuis l'arrêté : 1 déclaration ajoutée, 1 retirée, aucune modifiée, " +
        "2 verdicts changés. Le dossier, lui, ne change pas.",
    );
  });

  it("check an uploaded file, naming the file that no longer matches its manifest", async () => {
    const { requests } = mockApi(
      routes([{ method: "POST", path: "/api/v1/evidence-pack-checks/", respond: () => jsonResponse(200, CHECKED) }]),
    );
    renderApp("/advocate/exports");
    const form = await screen.findByTestId("pack-check");
    await userEvent.upload(within(form).getByLabelText("Fichier du dossier (zip)"), new File(["zip"], "pack.zip"));
    await userEvent.click(within(form).getByRole("button", { name: "Vérifier le fichier" }));
    const result = await within(form).findByTestId("pack-check-result");
    expect(result).toHaveTextContent("Dossier altéré : au moins un fichier ne correspond pas à son manifeste.");
    const bad = within(result).getByTestId("pack-check-bad");
    expect(within(bad).getAllByRole("row").map((row) => row.textContent)).toEqual([
      "FichierÉtatReconstruit",
      "measures.csvModifié—",
    ]);
    // The file went as multipart form data under `file` (jsdom loses its bytes on the way through
    // Request; the browser test uploads a real pack).
    const sent = requests.find((request) => request.method === "POST");
    expect((await sent?.formData())?.has("file")).toBe(true);
  });

  it("explain a refused file in the reader's language", async () => {
    mockApi(
      routes([
        {
          method: "POST",
          path: "/api/v1/evidence-pack-checks/",
          respond: () =>
            problemResponse(422, { title: "Unprocessable", detail: "This file cannot be read.", code: "pack_not_zip" }),
        },
      ]),
    );
    renderApp("/advocate/exports");
    const form = await screen.findByTestId("pack-check");
    await userEvent.click(within(form).getByRole("button", { name: "Vérifier le fichier" }));
    expect(within(form).getByText("Choisissez d'abord un fichier.")).toBeInTheDocument();
    await userEvent.upload(within(form).getByLabelText("Fichier du dossier (zip)"), new File(["hello"], "x.zip"));
    await userEvent.click(within(form).getByRole("button", { name: "Vérifier le fichier" }));
    expect(await within(form).findByTestId("pack-check-error")).toHaveTextContent(
      "Ce fichier n'est pas une archive zip lisible : ce n'est pas un dossier de preuve.",
    );
  });
});
