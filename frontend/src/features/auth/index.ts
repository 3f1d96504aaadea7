export { useLogin } from "./api/login";
export { useLogout } from "./api/logout";
export { isRole, meQueryKey, meQueryOptions, ROLES, toMe, useMe, type Me, type Role } from "./api/me";
export { LoginForm } from "./components/login-form";
export { SignedInUserContext, useSignedInUser } from "./signed-in-user";
