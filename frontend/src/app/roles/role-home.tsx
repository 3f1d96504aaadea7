import type { ReactNode } from "react";

import { useSignedInUser, type Role } from "@/features/auth";
import { WorkspaceHome } from "@/features/home";
import { useDocumentTitle, useI18n, type MessageKey } from "@/lib/i18n";

import { areaLabel, plannedSections, WORKSPACES } from "../workspaces";

const INTRO: Readonly<Record<Exclude<Role, "admin">, MessageKey>> = {
  startup: "home.startup.intro",
  regulator: "home.regulator.intro",
  advocate: "home.advocate.intro",
};

/** The home page of the startup, regulator and advocate workspaces. */
export function RoleHome({ role, children }: { role: Exclude<Role, "admin">; children?: ReactNode }) {
  const { t } = useI18n();
  const me = useSignedInUser();
  const workspace = WORKSPACES[role];
  useDocumentTitle(workspace.homeTitle);
  return (
    <WorkspaceHome
      role={role}
      title={t(workspace.homeTitle)}
      intro={
        <>
          <p>{t("home.welcome", { username: me.username })}</p>
          <p>{t(INTRO[role], { organisation: me.organisation.name })}</p>
        </>
      }
      planned={plannedSections(role).map((section) => t(areaLabel(section.area)))}
    >
      {children}
    </WorkspaceHome>
  );
}
