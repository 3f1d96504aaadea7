import { useCallback, useState, type SubmitEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { TextField } from "@/components/ui/text-field";
import { errorMessage } from "@/lib/error-message";
import { useDocumentTitle, useI18n, type Language } from "@/lib/i18n";
import { ApiError } from "@/lib/problem";

import { useCreateToken, useRevokeToken, useTokens, type IssuedToken } from "../api/tokens";
import "../../declarations/declarations.css";

const fr = {
  intro:
    "Un jeton permet à vos propres systèmes (ERP, logiciel de comptabilité) de déclarer des paiements par l'API, au nom de votre compte. Il n'est affiché qu'une fois : conservez-le dans un coffre-fort.",
  name: "Nom du jeton (ex. ERP)",
  days: "Validité (jours, 1 à 365)",
  create: "Créer le jeton",
  secret: "Votre jeton — copiez-le maintenant, il ne sera plus affiché :",
  list: "Vos jetons",
  empty: "Aucun jeton.",
  prefix: "Début",
  created: "Créé le",
  expires: "Expire le",
  lastUsed: "Dernière utilisation",
  state: "État",
  active: "Actif",
  revoked: "Révoqué",
  expired: "Expiré",
  revoke: "Révoquer",
  never: "jamais",
  usage: "Utilisation : en-tête « Authorization: Bearer <jeton> » sur /api/v1/declarations/.",
};
type Key = keyof typeof fr;
const en: Record<Key, string> = {
  intro:
    "A token lets your own systems (ERP, accounting software) declare payments through the API, acting as your account. It is shown once: keep it in a vault.",
  name: "Token name (e.g. ERP)",
  days: "Valid for (days, 1 to 365)",
  create: "Create the token",
  secret: "Your token — copy it now, it will not be shown again:",
  list: "Your tokens",
  empty: "No token.",
  prefix: "Starts with",
  created: "Created",
  expires: "Expires",
  lastUsed: "Last used",
  state: "State",
  active: "Active",
  revoked: "Revoked",
  expired: "Expired",
  revoke: "Revoke",
  never: "never",
  usage: "Usage: header \"Authorization: Bearer <token>\" on /api/v1/declarations/.",
};
const DICTIONARIES: Readonly<Record<Language, Record<Key, string>>> = { fr, en };

function formatDateTime(iso: string | null, language: Language, never: string): string {
  return iso === null ? never : new Date(iso).toLocaleString(language === "fr" ? "fr-MA" : "en-GB", { dateStyle: "medium", timeStyle: "short" });
}

/** API tokens: create (shown once), list and revoke. */
export function TokensPage() {
  const { t, language } = useI18n();
  useDocumentTitle("areas.apiTokens");
  const k = useCallback((key: Key) => DICTIONARIES[language][key], [language]);
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

  return (
    <article className="declarations-page">
      <h1 data-testid="tokens-title">{t("areas.apiTokens")}</h1>
      <p className="muted">{k("intro")}</p>
      <form className="form" onSubmit={submit}>
        <TextField label={k("name")} name="name" value={name} onChange={(e) => { setName(e.target.value); }} required maxLength={100} errors={createError?.messagesFor("name") ?? []} />
        <TextField label={k("days")} name="expires_in_days" type="number" min={1} max={365} value={days} onChange={(e) => { setDays(e.target.value); }} errors={createError?.messagesFor("expires_in_days") ?? []} />
        <button type="submit" className="button button--primary" disabled={create.isPending || name.trim() === ""}>
          {k("create")}
        </button>
      </form>
      {create.isError && createError?.fieldErrors.length === 0 && <Alert>{errorMessage(create.error, t)}</Alert>}
      {issued !== null && (
        <div role="status" data-testid="token-secret">
          <p>{k("secret")}</p>
          <p className="tokens__secret">{issued.token}</p>
          <p className="muted">{k("usage")}</p>
        </div>
      )}
      <section>
        <h2>{k("list")}</h2>
        {tokens.isError && <Alert>{errorMessage(tokens.error, t)}</Alert>}
        {tokens.isSuccess && tokens.data.results.length === 0 && <p className="muted">{k("empty")}</p>}
        {tokens.isSuccess && tokens.data.results.length > 0 && (
          <table className="declarations__table" data-testid="tokens-table">
            <thead>
              <tr>
                <th scope="col">{k("name")}</th>
                <th scope="col">{k("prefix")}</th>
                <th scope="col">{k("created")}</th>
                <th scope="col">{k("expires")}</th>
                <th scope="col">{k("lastUsed")}</th>
                <th scope="col">{k("state")}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {tokens.data.results.map((token) => {
                const expired = new Date(token.expires_at).getTime() <= now;
                const state = token.revoked_at !== null ? k("revoked") : expired ? k("expired") : k("active");
                return (
                  <tr key={token.id} data-testid={`token-row-${token.name}`}>
                    <td>{token.name}</td>
                    <td>
                      <code>{token.prefix}…</code>
                    </td>
                    <td>{formatDateTime(token.created_at, language, k("never"))}</td>
                    <td>{formatDateTime(token.expires_at, language, k("never"))}</td>
                    <td>{formatDateTime(token.last_used_at, language, k("never"))}</td>
                    <td>{state}</td>
                    <td>
                      {token.revoked_at === null && (
                        <button type="button" className="button" onClick={() => { revoke.mutate(token.id); }} disabled={revoke.isPending}>
                          {k("revoke")}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </article>
  );
}
