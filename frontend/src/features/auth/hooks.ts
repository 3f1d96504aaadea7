import { useMe, type Me } from "./api/me";

/**
 * The signed-in user, for components rendered under the authentication guard (which only renders
 * its children once `me` is known).
 */
export function useSignedInUser(): Me {
  const { data } = useMe();
  if (data === undefined || data === null) {
    throw new Error("useSignedInUser used outside the authentication guard");
  }
  return data;
}
