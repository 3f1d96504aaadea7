import { Navigate, useNavigate } from "react-router";

import { PublicLayout } from "@/components/layout/public-layout";
import { LoadingScreen } from "@/components/ui/loading-screen";
import { LoginForm, useMe } from "@/features/auth";
import { useDocumentTitle, useI18n } from "@/lib/i18n";

import { roleHomePath } from "../workspaces";

/** The sign-in page; a user who already has a session goes straight to their home. */
export function LoginRoute() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const me = useMe();
  useDocumentTitle("auth.login.title");

  if (me.isPending) {
    return <LoadingScreen />;
  }
  if (me.data) {
    return <Navigate to={roleHomePath(me.data.role)} replace />;
  }
  return (
    <PublicLayout>
      <section className="card" aria-labelledby="login-title">
        <h1 id="login-title" data-testid="login-title">
          {t("auth.login.title")}
        </h1>
        <p className="muted">{t("auth.login.intro")}</p>
        <LoginForm
          onSuccess={(user) => {
            void navigate(roleHomePath(user.role), { replace: true });
          }}
        />
      </section>
    </PublicLayout>
  );
}
