import { useMutation, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api-client";
import { meQueryKey } from "./me";

/** Ends the session on the server. */
export async function logout(): Promise<void> {
  await unwrap(api.POST("/api/v1/auth/logout/"));
}

export function useLogout({ onSuccess }: { onSuccess?: () => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSuccess: () => {
      // No data of the previous user may outlive the session in this tab.
      queryClient.removeQueries();
      queryClient.setQueryData(meQueryKey, null);
      onSuccess?.();
    },
  });
}
