import { Navigate, Outlet } from "react-router";

import { Alert } from "@/components/ui/alert";
import { PublicLayout } from "@/components/layout/public-layout";
import { LoadingScreen } from "@/components/ui/loading-screen";
import { SignedInUserContext, useMe, useSignedInUser, type Role } from "@/features/auth";
import { errorMessage } from "@/lib/error-message";
import { useI18n } from "@/lib/i18n";

import { roleHomePath } from "../workspaces";

/** Renders its child routes only for a signed-in user; otherwise sends the visitor to sign in. */
export function RequireAuth() {
  const { t } = useI18n();
  const me = useMe();

  if (me.isPending) {
    return <LoadingScreen />;
  }
  if (me.isError) {
    return (
      <PublicLayout>
        <Alert title={t("app.sessionError")}>
          <p>{errorMessage(me.error, t)}</p>
          <button
            type="button"
            className="button"
            onClick={() => {
              void me.refetch();
            }}
          >
            {t("app.retry")}
          </button>
        </Alert>
      </PublicLayout>
    );
  }
  if (me.data === null) {
    return <Navigate to="/login" replace />;
  }
  return (
    <SignedInUserContext value={me.data}>
      <Outlet />
    </SignedInUserContext>
  );
}

/** Keeps each role in its own workspace: another role's pages redirect to the user's home. */
export function RequireRole({ role }: { role: Role }) {
  const me = useSignedInUser();
  if (me.role !== role) {
    return <Navigate to={roleHomePath(me.role)} replace />;
  }
  return <Outlet />;
}

/** `/` has no page of its own: it is the signed-in user's home. */
export function RoleHomeRedirect() {
  const me = useSignedInUser();
  return <Navigate to={roleHomePath(me.role)} replace />;
}
