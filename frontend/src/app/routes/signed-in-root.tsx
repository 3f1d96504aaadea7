import { Outlet, useNavigate } from "react-router";

import { AppLayout, type NavEntry } from "@/components/layout/app-layout";
import { useLogout, useSignedInUser } from "@/features/auth";
import { NotificationBell } from "@/features/notifications";
import { errorMessage } from "@/lib/error-message";
import { useI18n } from "@/lib/i18n";

import { areaLabel, navigationSections, navLabel, roleHomePath } from "../workspaces";

/** The layout of every signed-in page, wired to the user, their navigation and sign-out. */
export function SignedInRoot() {
  const { t } = useI18n();
  const me = useSignedInUser();
  const navigate = useNavigate();
  const logout = useLogout({
    onSuccess: () => {
      void navigate("/login", { replace: true });
    },
  });

  const homePath = roleHomePath(me.role);
  const navigation: NavEntry[] = [
    { to: homePath, label: t("nav.home"), end: true },
    ...navigationSections(me.role).map((section) => ({
      to: section.path,
      label: t(navLabel(section.area)),
      name: t(areaLabel(section.area)),
    })),
  ];

  return (
    <AppLayout
      homePath={homePath}
      organisationName={me.organisation.name}
      userLabel={t("header.userWithRole", { username: me.username, role: t(`roles.${me.role}`) })}
      navigation={navigation}
      onSignOut={() => {
        logout.mutate();
      }}
      signingOut={logout.isPending}
      signOutError={logout.error ? `${t("auth.logout.failed")} ${errorMessage(logout.error, t)}` : null}
      tools={me.role === "admin" ? null : <NotificationBell to={`${homePath}/notifications`} />}
    >
      <Outlet />
    </AppLayout>
  );
}
