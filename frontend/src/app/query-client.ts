import { QueryCache, QueryClient } from "@tanstack/react-query";

import { meQueryKey } from "@/features/auth";
import { ApiError } from "@/lib/problem";

// A request failing with 401 means the session ended (expiry, sign-out in another tab).
const SESSION_ENDED_STATUS = 401;

/** The app's query client: failed reads are retried once, never on a client error. */
export function createQueryClient(): QueryClient {
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        if (error instanceof ApiError && error.status === SESSION_ENDED_STATUS) {
          // Flipping `me` to null sends the guard back to the sign-in page.
          queryClient.setQueryData(meQueryKey, null);
        }
      },
    }),
    defaultOptions: {
      queries: {
        retry: (failureCount, error) =>
          failureCount < 1 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
        refetchOnWindowFocus: false,
      },
    },
  });
  return queryClient;
}
