import { queryOptions, useQuery } from "@tanstack/react-query";

import type { components } from "@/api/schema";
import { api, unwrap } from "@/lib/api-client";
import { ApiError } from "@/lib/problem";

type MeOutput = components["schemas"]["MeOutput"];

/** The four roles of API.md; the UI has one workspace per role. */
export const ROLES = ["startup", "regulator", "advocate", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in user, with the role narrowed to the roles the UI knows. */
export type Me = Omit<MeOutput, "role"> & { role: Role };

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/**
 * Checks the role before the UI relies on it: a role this build does not know would otherwise
 * route nowhere, so it surfaces as an explicit error instead.
 */
export function toMe(raw: MeOutput): Me {
  if (!isRole(raw.role)) {
    throw new ApiError({ status: 200, code: "unknown_role", detail: `Unknown role "${String(raw.role)}".` });
  }
  return { ...raw, role: raw.role };
}

export const meQueryKey = ["auth", "me"] as const;

// The session rarely changes under the page; sign-in and sign-out write the cache themselves.
const ME_STALE_TIME_MS = 5 * 60 * 1000;

// DRF answers 401 or 403 (depending on the authentication classes) for "not signed in".
const SIGNED_OUT_STATUSES = new Set([401, 403]);

/** The signed-in user, or null when there is no session. Other failures throw. */
export async function getMe(): Promise<Me | null> {
  try {
    return toMe(await unwrap(api.GET("/api/v1/auth/me/")));
  } catch (error) {
    if (error instanceof ApiError && SIGNED_OUT_STATUSES.has(error.status)) {
      return null;
    }
    throw error;
  }
}

export function meQueryOptions() {
  return queryOptions({
    queryKey: meQueryKey,
    queryFn: getMe,
    staleTime: ME_STALE_TIME_MS,
    // The guard shows the failure with a retry button at once rather than making the user wait.
    retry: false,
  });
}

export function useMe() {
  return useQuery(meQueryOptions());
}
