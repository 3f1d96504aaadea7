import { useId } from "react";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { useI18n } from "@/lib/i18n";

import { useQuarantine } from "../api/rates";
import { formatDateTime } from "../lib/dates";

/** Payloads refused as implausible or malformed; the rates before them stayed in use. */
export function QuarantineList() {
  const { t, language } = useI18n();
  const titleId = useId();
  const quarantine = useQuarantine();
  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId} className="panel__title">
        {t("rates.quarantine.title")}
      </h2>
      <p className="muted">{t("rates.quarantine.intro")}</p>
      {quarantine.isPending && <p className="muted">{t("app.loading")}</p>}
      {quarantine.isError && <Alert>{errorMessage(quarantine.error, t)}</Alert>}
      {quarantine.isSuccess &&
        (quarantine.data.results.length === 0 ? (
          <p data-testid="quarantine-empty">{t("rates.quarantine.empty")}</p>
        ) : (
          <table className="rates-table" data-testid="quarantine-list">
            <thead>
              <tr>
                <th scope="col">{t("rates.quarantine.receivedAt")}</th>
                <th scope="col">{t("rates.quarantine.format")}</th>
                <th scope="col">{t("rates.quarantine.file")}</th>
                <th scope="col">{t("rates.quarantine.reason")}</th>
              </tr>
            </thead>
            <tbody>
              {quarantine.data.results.map((payload) => (
                <tr key={payload.id}>
                  <td>{formatDateTime(payload.received_at, language)}</td>
                  <td>{payload.payload_format}</td>
                  <td>{payload.filename === "" ? "—" : payload.filename}</td>
                  <td>
                    <code>{payload.reason}</code>
                    <span className="rates-table__why">{payload.detail}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}
