import { onTestFinished } from "vitest";

import { WORKSPACES, type Workspace } from "@/app/workspaces";
import type { Role } from "@/features/auth";

/**
 * Puts a test-local definition in place of `WORKSPACES[role]` until the current test ends. The
 * router, navigation and home read `WORKSPACES` on every render, so shell tests can describe
 * built and unbuilt sections without depending on which real sections are finished.
 */
export function replaceWorkspace(role: Role, workspace: Workspace): void {
  // `WORKSPACES` is read-only for the app; only tests swap an entry, and always put it back.
  const workspaces = WORKSPACES as Record<Role, Workspace>;
  const real = workspaces[role];
  workspaces[role] = workspace;
  onTestFinished(() => {
    workspaces[role] = real;
  });
}
