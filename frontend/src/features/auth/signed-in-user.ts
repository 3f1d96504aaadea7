import { createContext, use } from "react";

import type { Me } from "./api/me";

/**
 * The signed-in user, provided by the authentication guard. Pages read it from here rather than
 * from the `me` query so they never render in the instant between sign-out and the redirect.
 */
export const SignedInUserContext = createContext<Me | null>(null);

export function useSignedInUser(): Me {
  const me = use(SignedInUserContext);
  if (me === null) {
    throw new Error("useSignedInUser must be used under the authentication guard");
  }
  return me;
}
