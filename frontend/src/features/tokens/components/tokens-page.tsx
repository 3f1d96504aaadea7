import { useState, type SubmitEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { TextField } from "@/components/ui/text-field";
import { errorMessage } from "@/lib/error-message";
import { useConfirm } from "@/components/ui/use-confirm";
import { QueryState } from "@/components/ui/query-state";
import { formatDateTime } from "@/lib/format";
import { useDocumentTitle } from "@/lib/i18n";
import { ApiError } from "@/lib/problem";

import { useCreateToken, useRevokeToken, useTokens, type IssuedToken } from "../api/tokens";
import { useTokensT } from "../messages";

import "../tokens.css";

/** API tokens: create (shown once), list and revoke. */
export function TokensPage() {
  const { t, language } = useTokensT();
  useDocumentTitle("areas.apiTokens");
  const { confirm, dialog } = useConfirm();
  const [revokedName, setRevokedName] = useState<string | null>(null);
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  const [name, setName] = useState("");
  const [days, setDays] = useState("90");
  const createError = create.error instanceof ApiError ? create.error : null;
  // The moment the page opened: enough to tell expired tokens apart.
  const [now] = useState(() => Date.now());

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), expires_in_days: Number(days) },
      {
        onSuccess: (token) => {
          setIssued(token);
          setName("");
        },
      },
    );
  }

  const when = (iso: string | null) => (iso === null ? t("tokens.never") : formatDateTime(iso, language));

  return (
    <article className="page">
      <h1 data-testid="tokens-title">{t("areas.apiTokens")}</h1>
      <p className="muted">{t("tokens.intro")}</p>
      <form className="form" onSubmit={submit}>
        <TextField label={t("tokens.name")} name="name" value={name} onChange={(e) => { setName(e.target.value); }} required maxLength={100} errors={createError?.messagesFor("name") ?? []} />
        <TextField label={t("tokens.days")} name="expires_in_days" type="number" min={1} max={365} value={days} onChange={(e) => { setDays(e.target.value); }} errors={createError?.messagesFor("expires_in_days") ?? []} />
        <button type="submit" className="button button--primary" disabled={create.isPending || name.trim() === ""}>
          {create.isPending ? t("tokens.creating") : t("tokens.create")}
        </button>
      </form>
      {create.isError && createError?.fieldErrors.length === 0 && <Alert>{errorMessage(create.error, t)}</Alert>}
      {issued !== null && (
        <div role="status" data-testid="token-secret">
          <p>{t("tokens.secret", { name: issued.name })}</p>
          <code className="tokens__secret" data-testid="token-value">{issued.token}</code>
          <p className="muted">{t("tokens.usage")}</p>
        </div>
      )}
      <section aria-labelledby="tokens-list-title">
        <h2 id="tokens-list-title">{t("tokens.list")}</h2>
        {revokedName !== null && (
          <p className="notice notice--done" role="status">
            {t("tokens.revoked.done", { name: revokedName })}
          </p>
        )}
        {revoke.isError && <Alert>{errorMessage(revoke.error, t)}</Alert>}
        <QueryState
          query={tokens}
          loading={t("tokens.loading")}
          isEmpty={(data) => data.results.length === 0}
          empty={<p className="muted">{t("tokens.empty")}</p>}
        >
          {(data) => (
            <div className="table-scroll">
              <table className="table" data-testid="tokens-table">
                <thead>
                  <tr>
                    <th scope="col">{t("tokens.name")}</th>
                    <th scope="col">{t("tokens.prefix")}</th>
                    <th scope="col">{t("tokens.created")}</th>
                    <th scope="col">{t("tokens.expires")}</th>
                    <th scope="col">{t("tokens.lastUsed")}</th>
                    <th scope="col">{t("tokens.state")}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t("tokens.actions")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.results.map((token) => {
                    const expired = new Date(token.expires_at).getTime() <= now;
                    const state = token.revoked_at !== null ? t("tokens.revoked") : expired ? t("tokens.expired") : t("tokens.active");
                    return (
                      <tr key={token.id} data-testid={`token-row-${token.name}`}>
                        <td>{token.name}</td>
                        <td>
                          <code>{token.prefix}…</code>
                        </td>
                        <td>{when(token.created_at)}</td>
                        <td>{when(token.expires_at)}</td>
                        <td>{when(token.last_used_at)}</td>
                        <td>{state}</td>
                        <td>
                          {token.revoked_at === null && (
                            <button
                              type="button"
                              className="button button--danger"
                              aria-label={t("tokens.revokeNamed", { name: token.name })}
                              disabled={revoke.isPending}
                              onClick={() => {
                                confirm(
                                  {
                                    title: t("tokens.revokeTitle", { name: token.name }),
                                    body: <p>{t("tokens.revokeBody")}</p>,
                                    confirmLabel: t("tokens.revoke"),
                                    danger: true,
                                  },
                                  () => {
                                    revoke.mutate(token.id, { onSuccess: () => { setRevokedName(token.name); } });
                                  },
                                );
                              }}
                            >
                              {t("tokens.revoke")}
                            </button>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </QueryState>
      </section>
      {dialog}
    </article>
  );
}
