import type { Role } from "@/features/auth";

import { DEMO_USERS, jsonResponse, type MockRoute } from "./mock-api";

const EMPTY_PAGE = { next: null, previous: null, results: [] };

/** Answers `GET /api/v1/auth/me/` with the demo user of `role`. */
export function signedInAs(role: Role): MockRoute {
  return { method: "GET", path: "/api/v1/auth/me/", respond: () => jsonResponse(200, DEMO_USERS[role]) };
}

/**
 * Empty answers to the reads the workspace homes make besides `me` (the startup's requests,
 * decisions and headroom), so shell tests render a home without depending on those features.
 * Add a route here when a home starts reading another endpoint.
 */
export const HOME_ROUTES: readonly MockRoute[] = [
  { method: "GET", path: "/api/v1/notifications/unread-count/", respond: () => jsonResponse(200, { unread: 0 }) },
  { method: "GET", path: "/api/v1/case-requests/", respond: () => jsonResponse(200, EMPTY_PAGE) },
  { method: "GET", path: "/api/v1/cases/", respond: () => jsonResponse(200, EMPTY_PAGE) },
  {
    method: "GET",
    path: "/api/v1/headroom/",
    respond: () =>
      jsonResponse(200, {
        participant: DEMO_USERS.startup.organisation.id,
        as_of: "2026-03-02",
        currency: "MAD",
        rows: [],
      }),
  },
];

/** The routes of a signed-in `role` on its home: `me` plus the homes' reads. */
export function signedInHome(role: Role): MockRoute[] {
  return [signedInAs(role), ...HOME_ROUTES];
}
