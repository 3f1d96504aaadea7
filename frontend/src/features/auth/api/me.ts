import { queryOptions, useQuery } from "@tanstack/react-query";

import type { components } from "@/api/schema";
import { api, unwrap } from "@/lib/api-client";
import { ApiError } from "@/lib/problem";

export type Me = components["schemas"]["Me"];
export type Role = Me["role"];

export const meQueryKey = ["auth", "me"] as const;

// The session rarely changes under the page; sign-in and sign-out write the cache themselves.
const ME_STALE_TIME_MS = 5 * 60 * 1000;

// DRF answers 401 or 403 (depending on the authentication classes) for "not signed in".
const SIGNED_OUT_STATUSES = new Set([401, 403]);

/** The signed-in user, or null when there is no session. Other failures throw. */
export async function getMe(): Promise<Me | null> {
  try {
    return await unwrap(api.GET("/api/v1/auth/me/"));
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
