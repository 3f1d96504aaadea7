import { WorkspaceHome } from "@/features/home";
import { useSignedInUser } from "@/features/auth";
import { useDocumentTitle, useI18n } from "@/lib/i18n";

import { areaLabel, plannedSections, WORKSPACES } from "../workspaces";

/** Served by Django itself, outside the SPA: a full page load, not a client-side route. */
const DJANGO_ADMIN_URL = "/admin/";

/** Admins provision organisations and users in the Django admin; this page points there. */
export function Home() {
  const { t } = useI18n();
  const me = useSignedInUser();
  useDocumentTitle(WORKSPACES.admin.homeTitle);
  return (
    <WorkspaceHome
      role="admin"
      title={t(WORKSPACES.admin.homeTitle)}
      intro={
        <>
          <p>{t("home.welcome", { username: me.username })}</p>
          <p>{t("home.admin.intro")}</p>
        </>
      }
      planned={plannedSections("admin").map((section) => t(areaLabel(section.area)))}
    >
      <p>
        <a className="button button--primary" href={DJANGO_ADMIN_URL} data-testid="django-admin-link">
          {t("home.admin.link")}
        </a>
      </p>
    </WorkspaceHome>
  );
}
