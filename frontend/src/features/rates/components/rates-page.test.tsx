import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { LANGUAGE_STORAGE_KEY } from "@/lib/i18n";
import { DEMO_USERS, jsonResponse, mockApi, problemResponse, type MockRoute } from "@/testing/mock-api";
import { renderApp } from "@/testing/render-app";

const COVERAGE = { bundled_sample: true, bam_dates: ["2026-03-25"], ecb_first: "2026-02-17", ecb_last: "2026-03-18" };
const PROVIDERS = [
  {
    source: "bam",
    name: "Bank Al-Maghrib (transfer rate)",
    configured: false,
    status: "not_configured",
    last_attempt_at: null,
    last_success_at: null,
    last_error_at: null,
    last_error: "",
    next_run_at: null,
    latest_publication: null,
  },
  {
    source: "ecb",
    name: "European Central Bank (euro reference rate)",
    configured: true,
    status: "failing",
    last_attempt_at: "2026-03-25T15:05:00Z",
    last_success_at: "2026-03-24T15:05:00Z",
    last_error_at: "2026-03-25T15:05:00Z",
    last_error: "HTTP 503 three times",
    next_run_at: "2026-03-26T15:05:00Z",
    latest_publication: "2026-03-24",
  },
];
const RATES: Record<string, string> = { EUR: "10.8057", USD: "9.3189", JPY: "0.05862" };

function rate(currency: string, date: string) {
  return {
    currency,
    date,
    mad_per_unit: RATES[currency],
    rate_date: date,
    source: "bam",
    method: "official",
    explanation: { fr: `cours officiel du ${date}`, en: `official rate of ${date}` },
  };
}

function routes(extra: MockRoute[] = []): MockRoute[] {
  return [
    { method: "GET", path: "/api/v1/auth/me/", respond: () => jsonResponse(200, DEMO_USERS.regulator) },
    { method: "GET", path: "/api/v1/rates/coverage/", respond: () => jsonResponse(200, COVERAGE) },
    { method: "GET", path: "/api/v1/rate-providers/", respond: () => jsonResponse(200, PROVIDERS) },
    {
      method: "GET",
      path: "/api/v1/rates/",
      respond: (request) => {
        const query = new URL(request.url).searchParams;
        const currency = query.get("currency")!;
        return currency in RATES
          ? jsonResponse(200, rate(currency, query.get("date")!))
          : problemResponse(404, { title: "Not found", detail: "No usable rate.", code: "no_rate" });
      },
    },
    {
      method: "GET",
      path: "/api/v1/rates/series/",
      respond: (request) => {
        const currency = new URL(request.url).searchParams.get("currency")!;
        return jsonResponse(200, {
          currency,
          start: "2026-03-25",
          end: "2026-03-25",
          points: [{ date: "2026-03-25", mad_per_unit: RATES[currency], method: "official" }],
        });
      },
    },
    {
      method: "GET",
      path: "/api/v1/rate-quarantine/",
      respond: () => jsonResponse(200, { next: null, previous: null, results: [] }),
    },
    {
      method: "GET",
      path: "/api/v1/rate-calendar/",
      respond: () =>
        jsonResponse(200, {
          source: "bam",
          month: "2026-03",
          days: [
            { date: "2026-03-19", state: "published", currencies: 29, reason: null, confirmed_by: null },
            {
              date: "2026-03-20",
              state: "non_publication",
              currencies: 0,
              reason: {
                kind: "holiday",
                fr: "Fête de la rupture du jeûne (estimé)",
                en: "Eid al-Fitr (estimated)",
              },
              confirmed_by: null,
            },
            { date: "2026-03-27", state: "awaited", currencies: 0, reason: null, confirmed_by: null },
          ],
        }),
    },
    ...extra,
  ];
}

// The page's first render loads its lazy chunks and eight queries, and each test then walks a form:
// on a busy machine that outlasts the default five seconds, which equal the wait of one `findBy`.
const PAGE_TEST_TIMEOUT_MS = 15_000;

describe("rates page", { timeout: PAGE_TEST_TIMEOUT_MS }, () => {
  it("shows the sample note, the rates of the latest publication and each provider's health", async () => {
    const { requests } = mockApi(routes());
    renderApp("/regulator/rates");

    expect(await screen.findByTestId("rates-coverage")).toHaveTextContent(
      "échantillon de réponses enregistrées, fourni avec l'application, et non des sources en direct : " +
        "Bank Al-Maghrib du 25 mars 2026 ; BCE du 17 février 2026 – 18 mars 2026.",
    );
    const eur = await screen.findByTestId("rate-row-EUR");
    expect(within(eur).getAllByRole("cell").map((cell) => cell.textContent)).toEqual([
      "25 mars 2026",
      "10,8057",
      "Bank Al-Maghrib",
      "Officielcours officiel du 2026-03-25",
    ]);
    expect(await screen.findByTestId("rate-row-GBP")).toHaveTextContent("Aucun cours utilisable à cette date");
    expect(screen.getByTestId("provider-bam-status")).toHaveTextContent("Non configurée");
    expect(screen.getByTestId("provider-bam")).toHaveTextContent("Aucune (non configurée)");
    // The sources are named in French, not with the server's English names.
    expect(screen.getByTestId("provider-bam")).toHaveTextContent(/^Bank Al-Maghrib \(cours de virement\)/);
    expect(screen.getByTestId("provider-ecb")).toHaveTextContent(/^Banque centrale européenne \(cours de référence de l'euro\)/);
    const ecb = screen.getByTestId("provider-ecb");
    expect(within(ecb).getByTestId("provider-ecb-status")).toHaveTextContent("En échec");
    expect(ecb).toHaveTextContent("HTTP 503 three times");
    // Times read in the viewer's zone (the tests view from Casablanca: 15:05 UTC is 16:05).
    expect(ecb).toHaveTextContent("Dernière erreur25 mars 2026, 16:05");
    expect(await screen.findByTestId("rate-chart")).toHaveTextContent("EUR/MAD (1 point)");
    expect(screen.getByTestId("quarantine-empty")).toBeInTheDocument();
    expect(await screen.findByTestId("calendar-2026-03-20")).toHaveTextContent("Sans publication");
    expect(screen.getByTestId("calendar-2026-03-27")).toHaveTextContent("Attendu");
    expect(screen.getByTestId("calendar-reasons")).toHaveTextContent("Fête de la rupture du jeûne (estimé)");
    const asked = requests.filter((r) => new URL(r.url).pathname === "/api/v1/rates/").map((r) => new URL(r.url).search);
    expect(asked).toContain("?currency=EUR&date=2026-03-25");
  });

  it("uploads the chosen file as multipart form data and shows what was stored", async () => {
    const { requests } = mockApi(
      routes([
        {
          method: "POST",
          path: "/api/v1/rate-files/",
          respond: () =>
            jsonResponse(201, {
              duplicate: false,
              payload: {
                id: "5f0c0c4e-6a52-4a53-9a53-2a0f5f4f0001",
                source: "bam",
                payload_format: "bam",
                origin: "upload",
                status: "stored",
                sha256: "0".repeat(64),
                received_at: "2026-03-26T16:30:00Z",
                filename: "bam.json",
                first_date: "2026-03-26",
                last_date: "2026-03-26",
                rows_new: 29,
                rows_revised: 0,
                rows_unchanged: 0,
                reason: "",
                detail: "",
                applied_at: null,
              },
            }),
        },
      ]),
    );
    renderApp("/regulator/rates");
    const user = userEvent.setup();
    await screen.findByTestId("rates-coverage");

    await user.selectOptions(screen.getByLabelText("Format"), "ecb-csv");
    await user.upload(screen.getByLabelText("Fichier"), new File(["{}"], "bam.json", { type: "application/json" }));
    await user.click(screen.getByRole("button", { name: "Importer" }));

    expect(await screen.findByTestId("rate-import-result")).toHaveTextContent(
      "bam.json importé (26 mars 2026) : 29 nouveaux cours, 0 révisés, 0 inchangés." +
        "Les déclarations que ces cours concernent sont reconverties et contrôlées à nouveau, en arrière-plan.",
    );
    const upload = requests.find((request) => request.method === "POST")!;
    const form = await upload.formData();
    expect(form.get("source")).toBe("ecb-csv");
    // jsdom loses the file's name and bytes on the way through Request; the browser test checks
    // that the real file arrives and is stored.
    expect(form.has("file")).toBe(true);
  });

  it("says a quarantined file was quarantined, with the server's reason, and asks for a file first", async () => {
    mockApi(
      routes([
        {
          method: "POST",
          path: "/api/v1/rate-files/",
          respond: () =>
            problemResponse(422, {
              title: "Unprocessable",
              detail: "The file was quarantined: EUR moved 9900% in one publication.",
              code: "rate_file_jump",
            }),
        },
      ]),
    );
    renderApp("/regulator/rates");
    const user = userEvent.setup();
    await screen.findByTestId("rates-coverage");

    await user.click(screen.getByRole("button", { name: "Importer" }));
    expect(screen.getByLabelText("Fichier")).toHaveAccessibleDescription("Ce champ est obligatoire.");

    await user.upload(screen.getByLabelText("Fichier"), new File(["[]"], "jump.json"));
    await user.click(screen.getByRole("button", { name: "Importer" }));

    const alert = await screen.findByTestId("rate-import-error");
    expect(alert).toHaveTextContent("Fichier mis en quarantaine");
    expect(alert).toHaveTextContent("Le fichier a été mis en quarantaine : variation invraisemblable d'un jour à l'autre.");
  });

  it("confirms a day without publication once asked, and the calendar shows it", async () => {
    // Friday 27 March is awaited until the regulator's confirmation is stored.
    let confirmed = false;
    const calendar = (): MockRoute => ({
      method: "GET",
      path: "/api/v1/rate-calendar/",
      respond: () =>
        jsonResponse(200, {
          source: "bam",
          month: "2026-03",
          days: [
            confirmed
              ? {
                  date: "2026-03-27",
                  state: "non_publication",
                  currencies: 0,
                  reason: { kind: "confirmed", fr: "jour sans publication confirmé", en: "confirmed non-publication day" },
                  confirmed_by: "regulator",
                }
              : { date: "2026-03-27", state: "awaited", currencies: 0, reason: null, confirmed_by: null },
          ],
        }),
    });
    const { requests } = mockApi([
      calendar(),
      ...routes(),
      {
        method: "POST",
        path: "/api/v1/rate-calendar/non-publication-days/",
        respond: () => {
          confirmed = true;
          return jsonResponse(201, {
            id: "5f0c0c4e-6a52-4a53-9a53-2a0f5f4f0002",
            source: "bam",
            day: "2026-03-27",
            origin: "regulator",
            reason: "Closure announced by the bank",
            created_at: "2026-03-30T09:00:00Z",
            applied_at: null,
          });
        },
      },
    ]);
    renderApp("/regulator/rates");
    const user = userEvent.setup();
    expect(await screen.findByTestId("calendar-2026-03-27")).toHaveTextContent("Attendu");
    const form = screen.getByTestId("non-publication-form");

    // Given the day and the reason, when the regulator asks to confirm it
    await user.type(within(form).getByLabelText("Jour sans publication"), "2026-03-27");
    await user.type(within(form).getByLabelText("Motif (enregistré dans le journal d'audit)"), "  Closure announced by the bank ");
    await user.click(within(form).getByRole("button", { name: "Confirmer ce jour" }));

    // then nothing is sent before the dialog says what it will do,
    const dialog = await screen.findByRole("dialog", { name: "Bank Al-Maghrib n'a rien publié le 27 mars 2026 ?" });
    expect(dialog).toHaveTextContent("Les paiements du 27 mars 2026, et ceux dont le cours se reporte à travers ce jour");
    expect(requests.filter((r) => r.method === "POST")).toEqual([]);
    await user.click(within(dialog).getByRole("button", { name: "Confirmer le jour sans publication" }));

    // and once confirmed the day is sent, the page says so and the calendar shows it.
    expect(await within(form).findByTestId("mark-done")).toHaveTextContent(
      "Le 27 mars 2026 est confirmé sans publication pour Bank Al-Maghrib. Les paiements concernés sont reconvertis et contrôlés à nouveau en arrière-plan.",
    );
    const sent = requests.find((r) => r.method === "POST")!;
    expect(await sent.json()).toEqual({ source: "bam", day: "2026-03-27", reason: "Closure announced by the bank" });
    expect(await screen.findByTestId("calendar-2026-03-27")).toHaveTextContent("Sans publication");
    expect(screen.getByTestId("calendar-reasons")).toHaveTextContent("jour sans publication confirmé");
  });

  it("asks for the day and the reason, and says in English why the server refused a day", async () => {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, "en");
    const answers = [
      problemResponse(409, { title: "Conflict", detail: "Rates of 2026-03-26 are stored.", code: "day_published" }),
      problemResponse(400, {
        title: "Invalid input",
        detail: "2026-03-28 is already a non-publication day (weekend).",
        code: "not_a_business_day",
        errors: [{ pointer: "/day", code: "not_a_business_day", detail: "2026-03-28 is already a non-publication day (weekend)." }],
      }),
    ];
    const { requests } = mockApi(
      routes([
        {
          method: "POST",
          path: "/api/v1/rate-calendar/non-publication-days/",
          respond: () => answers.shift() ?? jsonResponse(500, {}),
        },
      ]),
    );
    renderApp("/regulator/rates");
    const user = userEvent.setup();
    const form = await screen.findByTestId("non-publication-form");

    // Sent empty: both fields say what they need, and nothing is asked or sent.
    await user.click(within(form).getByRole("button", { name: "Confirm this day" }));
    expect(within(form).getByLabelText("Day without publication")).toHaveAccessibleDescription("Choose the day.");
    expect(within(form).getByLabelText("Reason (kept in the audit trail)")).toHaveAccessibleDescription(
      "Say why the source published nothing that day.",
    );
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();

    // A day that has a publication is refused, said under the day.
    await user.type(within(form).getByLabelText("Day without publication"), "2026-03-26");
    await user.type(within(form).getByLabelText("Reason (kept in the audit trail)"), "No file");
    await user.click(within(form).getByRole("button", { name: "Confirm this day" }));
    await user.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Confirm the day without publication" }));
    expect(await within(form).findByTestId("mark-day-error")).toHaveTextContent(
      "This source published rates that day: they are stored, so it is not a day without publication.",
    );
    expect(within(form).getByLabelText("Day without publication")).toHaveAttribute("aria-invalid", "true");

    // So is a weekend, with the calendar to say why.
    await user.clear(within(form).getByLabelText("Day without publication"));
    await user.type(within(form).getByLabelText("Day without publication"), "2026-03-28");
    await user.click(within(form).getByRole("button", { name: "Confirm this day" }));
    await user.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Confirm the day without publication" }));
    expect(await within(form).findByText(/already without publication for this source \(a weekend or a public holiday\)/)).toBeInTheDocument();
    expect(requests.filter((r) => r.method === "POST")).toHaveLength(2);
    expect(within(form).queryByTestId("mark-done")).not.toBeInTheDocument();
  });
});
