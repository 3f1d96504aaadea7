import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { useI18n } from "@/lib/i18n";

import { usePacks, useVerifyPack } from "../api/evidence";
import type { Pack } from "../api/types";

function formatTime(value: string, language: string): string {
  return new Intl.DateTimeFormat(language === "fr" ? "fr-FR" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Africa/Casablanca",
  }).format(new Date(value));
}

/** The organisation's evidence packs: what each was built from, and whether it still reproduces. */
export function PacksList() {
  const { t } = useI18n();
  const packs = usePacks();
  return (
    <section className="panel" aria-labelledby="evidence-packs-title" data-testid="packs-list">
      <h2 id="evidence-packs-title" className="panel__title">
        {t("evidence.packs.title")}
      </h2>
      <p className="muted">{t("evidence.packs.intro")}</p>
      {packs.isPending && <p className="muted">{t("app.loading")}</p>}
      {packs.isError && <Alert>{errorMessage(packs.error, t)}</Alert>}
      {packs.isSuccess &&
        (packs.data.results.length === 0 ? (
          <p className="muted">{t("evidence.packs.empty")}</p>
        ) : (
          <table className="evidence-table">
            <thead>
              <tr>
                <th scope="col">{t("evidence.packs.created")}</th>
                <th scope="col">{t("evidence.packs.period")}</th>
                <th scope="col">{t("evidence.packs.hash")}</th>
                <th scope="col">{t("evidence.packs.verified")}</th>
                <th scope="col">
                  <span className="evidence-hidden">{t("evidence.packs.verify")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {packs.data.results.map((pack) => (
                <PackRow key={pack.id} pack={pack} />
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}

function PackRow({ pack }: { pack: Pack }) {
  const { t, language } = useI18n();
  const verify = useVerifyPack();
  const filters = (pack.manifest as { filters?: { date_from?: string; date_to?: string } }).filters ?? {};
  let verdict: string;
  if (pack.last_verified_ok === null) {
    verdict = t("evidence.packs.never");
  } else {
    verdict = t(pack.last_verified_ok ? "evidence.packs.reproduces" : "evidence.packs.differs", {
      time: pack.last_verified_at === null ? "" : formatTime(pack.last_verified_at, language),
    });
  }
  return (
    <tr data-testid={`pack-${pack.id}`}>
      <td>{formatTime(pack.created_at, language)}</td>
      <td>
        {filters.date_from ?? "?"} – {filters.date_to ?? "?"}
      </td>
      <td>
        <code title={pack.manifest_hash}>{pack.manifest_hash.slice(0, 12)}</code>
      </td>
      <td data-testid="pack-verdict">
        {verify.isSuccess ? t(verify.data.reproduces ? "evidence.packs.nowReproduces" : "evidence.packs.nowDiffers") : verdict}
        {verify.isError && <Alert>{errorMessage(verify.error, t)}</Alert>}
      </td>
      <td>
        <button
          type="button"
          className="button"
          onClick={() => {
            verify.mutate(pack.id);
          }}
          disabled={verify.isPending}
        >
          {verify.isPending ? t("evidence.packs.verifying") : t("evidence.packs.verify")}
        </button>
      </td>
    </tr>
  );
}
