import { useId } from "react";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";

import { useProviders, type ProviderStatus } from "../api/rates";
import { formatDateLong, formatDateTime } from "@/lib/format";
import { hasCodeLabel, useCodeLabel } from "@/lib/i18n";

import { statusTone } from "../lib/page";
import { useRatesT } from "../messages";

function ProviderCard({ provider }: { provider: ProviderStatus }) {
  const { t, language } = useRatesT();
  const label = useCodeLabel();
  const never = t("rates.providers.never");
  const when = (value: string | null) => (value === null ? never : formatDateTime(value, language));
  return (
    <li className="provider" data-testid={`provider-${provider.source}`}>
      <p className="provider__name">
        {/* The server's name is English only; a known source is named in the reader's language. */}
        {hasCodeLabel("rateProvider", provider.source) ? label("rateProvider", provider.source) : provider.name}{" "}
        <span className={`badge badge--${statusTone(provider.status)}`} data-testid={`provider-${provider.source}-status`}>
          {label("providerStatus", provider.status)}
        </span>
      </p>
      {!provider.configured && <p className="muted">{t("rates.providers.notConfiguredHint")}</p>}
      <dl className="provider__facts">
        <dt>{t("rates.providers.lastSuccess")}</dt>
        <dd>{when(provider.last_success_at)}</dd>
        <dt>{t("rates.providers.lastError")}</dt>
        <dd>
          {when(provider.last_error_at)}
          {provider.last_error !== "" && <span className="provider__error">{provider.last_error}</span>}
        </dd>
        <dt>{t("rates.providers.nextRun")}</dt>
        <dd>{provider.configured ? when(provider.next_run_at) : t("rates.providers.noRun")}</dd>
        <dt>{t("rates.providers.latestPublication")}</dt>
        <dd>{provider.latest_publication === null ? never : formatDateLong(provider.latest_publication, language)}</dd>
      </dl>
    </li>
  );
}

/** Each provider's health as the beat jobs left it: last success, last error, next run. */
export function ProviderBadges() {
  const { t } = useRatesT();
  const titleId = useId();
  const providers = useProviders();
  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId} className="panel__title">
        {t("rates.providers.title")}
      </h2>
      {providers.isPending && <p className="muted">{t("app.loading")}</p>}
      {providers.isError && <Alert>{errorMessage(providers.error, t)}</Alert>}
      {providers.isSuccess && (
        <ul className="providers">
          {providers.data.map((provider) => (
            <ProviderCard key={provider.source} provider={provider} />
          ))}
        </ul>
      )}
    </section>
  );
}
