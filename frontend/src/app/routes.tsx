import type { RouteObject } from "react-router";

import { ROLES, type Role } from "@/features/auth";

import { AdminHome } from "./routes/admin-home";
import { RequireAuth, RequireRole, RoleHomeRedirect } from "./routes/guards";
import { LoginRoute } from "./routes/login";
import { NotFound } from "./routes/not-found";
import { RoleHome } from "./routes/role-home";
import { SignedInRoot } from "./routes/signed-in-root";
import { availableSections, WORKSPACES } from "./workspaces";

function workspaceRoutes(role: Role): RouteObject {
  const workspace = WORKSPACES[role];
  return {
    element: <RequireRole role={role} />,
    children: [
      { path: workspace.homePath, element: role === "admin" ? <AdminHome /> : <RoleHome role={role} /> },
      ...availableSections(role).map(({ path, component: Page }) => ({
        path,
        element: Page ? <Page /> : null,
      })),
    ],
  };
}

/** The route tree; built from `WORKSPACES`, so adding a feature page needs no change here. */
export function createRoutes(): RouteObject[] {
  return [
    { path: "/login", element: <LoginRoute /> },
    {
      element: <RequireAuth />,
      children: [
        {
          element: <SignedInRoot />,
          children: [
            { index: true, element: <RoleHomeRedirect /> },
            ...ROLES.map(workspaceRoutes),
            { path: "*", element: <NotFound /> },
          ],
        },
      ],
    },
  ];
}
