import type { RouteObject } from "react-router";

import { ROLES, type Role } from "@/features/auth";

import { RequireAuth, RequireRole, RoleHomeRedirect } from "./routes/guards";
import { LazyPage } from "./routes/lazy-page";
import { LoginRoute } from "./routes/login";
import { NotFound } from "./routes/not-found";
import { SignedInRoot } from "./routes/signed-in-root";
import { availableSections, WORKSPACES } from "./workspaces";

function workspaceRoutes(role: Role): RouteObject {
  const workspace = WORKSPACES[role];
  return {
    element: <RequireRole role={role} />,
    children: [
      { path: workspace.homePath, element: <LazyPage page={workspace.home} /> },
      ...availableSections(role).map(({ path, page }) => ({
        path,
        element: page ? <LazyPage page={page} /> : null,
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
