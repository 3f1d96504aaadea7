import { useState, type SubmitEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { TextField } from "@/components/ui/text-field";
import { errorMessage } from "@/lib/error-message";
import { useI18n } from "@/lib/i18n";

import { useLogin } from "../api/login";
import type { Me } from "../api/me";

type Field = "username" | "password";

function formText(data: FormData, name: Field): string {
  const value = data.get(name);
  return typeof value === "string" ? value : "";
}

/** Username and password sign-in; reports the server's reason when it refuses. */
export function LoginForm({ onSuccess }: { onSuccess: (me: Me) => void }) {
  const { t } = useI18n();
  const login = useLogin({ onSuccess });
  const [missing, setMissing] = useState<ReadonlySet<Field>>(new Set());

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const username = formText(data, "username").trim();
    const password = formText(data, "password");
    const empty = new Set<Field>();
    if (username === "") empty.add("username");
    if (password === "") empty.add("password");
    setMissing(empty);
    if (empty.size > 0) {
      return;
    }
    login.mutate({ username, password });
  }

  const serverError = login.error;
  const fieldErrors = (field: Field): string[] => [
    ...(missing.has(field) ? [t("errors.required")] : []),
    ...(serverError?.messagesFor(field) ?? []),
  ];

  return (
    <form className="form" noValidate onSubmit={handleSubmit} aria-busy={login.isPending}>
      {serverError !== null && (
        <Alert title={t("auth.login.failed")} focusOnMount testId="login-error">
          <p>{errorMessage(serverError, t)}</p>
          {serverError.messagesFor("").map((message) => (
            <p key={message}>{message}</p>
          ))}
        </Alert>
      )}
      <TextField
        label={t("auth.login.username")}
        name="username"
        type="text"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        errors={fieldErrors("username")}
      />
      <TextField
        label={t("auth.login.password")}
        name="password"
        type="password"
        autoComplete="current-password"
        required
        errors={fieldErrors("password")}
      />
      <button type="submit" className="button button--primary" disabled={login.isPending}>
        {login.isPending ? t("auth.login.submitting") : t("auth.login.submit")}
      </button>
    </form>
  );
}
