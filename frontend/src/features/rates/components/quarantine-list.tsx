import { useId } from "react";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";

import { useQuarantine } from "../api/rates";
import { formatDateTime } from "@/lib/format";
import { useCodeLabel } from "@/lib/i18n";

import { useRatesT } from "../messages";

/** Payloads refused as implausible or malformed; the rates before them stayed in use. */
export function QuarantineList() {
  const { t, language } = useRatesT();
  const label = useCodeLabel();
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
                  <td>{label("payloadFormat", payload.payload_format)}</td>
                  <td>{payload.filename === "" ? "—" : payload.filename}</td>
                  <td>
                    <strong>{label("quarantineReason", payload.reason)}</strong>
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
