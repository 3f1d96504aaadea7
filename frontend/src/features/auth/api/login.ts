import { useMutation, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/schema";
import { api, unwrap } from "@/lib/api-client";
import type { ApiError } from "@/lib/problem";

import { meQueryKey, toMe, type Me } from "./me";

export type LoginInput = components["schemas"]["LoginInputRequest"];

/** Opens a session; the answer is the same `me` payload as `GET /auth/me/`. */
export async function login(input: LoginInput): Promise<Me> {
  return toMe(await unwrap(api.POST("/api/v1/auth/login/", { body: input })));
}

export function useLogin({ onSuccess }: { onSuccess?: (me: Me) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation<Me, ApiError, LoginInput>({
    mutationFn: login,
    onSuccess: (me) => {
      // Anything cached belonged to whoever was here before; start clean for this user.
      queryClient.removeQueries();
      queryClient.setQueryData(meQueryKey, me);
      onSuccess?.(me);
    },
  });
}
