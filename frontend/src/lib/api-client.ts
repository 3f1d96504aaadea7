import createClient, { type Middleware } from "openapi-fetch";

import type { paths } from "@/api/schema";
import { readCookie } from "@/lib/cookies";
import { currentLanguage } from "@/lib/i18n";
import { ApiError, NETWORK_ERROR_STATUS, parseProblem } from "@/lib/problem";

/** Django's default CSRF cookie and header names (settings CSRF_COOKIE_NAME / CSRF_HEADER_NAME). */
export const CSRF_COOKIE_NAME = "csrftoken";
export const CSRF_HEADER_NAME = "X-CSRFToken";

// RFC 9110 safe methods never change state, so Django does not check CSRF on them.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

/** Adds the CSRF token from the cookie to every unsafe request, as Django's session auth requires. */
export const csrfMiddleware: Middleware = {
  onRequest({ request }) {
    if (!SAFE_METHODS.has(request.method.toUpperCase())) {
      const token = readCookie(CSRF_COOKIE_NAME);
      if (token !== null) {
        request.headers.set(CSRF_HEADER_NAME, token);
      }
    }
    return request;
  },
};

/** Asks for the server's own messages (the framework's field validators) in the interface language. */
export const languageMiddleware: Middleware = {
  onRequest({ request }) {
    request.headers.set("Accept-Language", currentLanguage());
    return request;
  },
};

/**
 * The typed client for the same-origin API. Paths in the schema already carry `/api/v1/`; the base
 * is the page's own origin because `Request` needs an absolute URL outside a browser (tests).
 */
export const api = createClient<paths>({
  baseUrl: globalThis.location.origin,
  credentials: "same-origin",
  headers: { Accept: "application/json, application/problem+json" },
  // Looked up on every call rather than captured once, so tests can stub `fetch`.
  fetch: (request: Request) => globalThis.fetch(request),
});
api.use(csrfMiddleware, languageMiddleware);

interface ClientResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Awaits an `api.*` call and returns its data, or throws an {@link ApiError} built from the
 * problem details; a request that never reached the server becomes a network `ApiError`.
 */
export async function unwrap<T>(call: Promise<ClientResult<T>>): Promise<T> {
  let result: ClientResult<T>;
  try {
    result = await call;
  } catch (cause) {
    throw new ApiError({ status: NETWORK_ERROR_STATUS, cause });
  }
  if (!result.response.ok) {
    throw parseProblem(result.response.status, result.error);
  }
  return result.data as T;
}

/** One page of a cursor-paginated list. */
export interface Page<T> {
  next: string | null;
  previous: string | null;
  results: T[];
}

/** GETs the absolute `next` link of a cursor-paginated list (the cursor is opaque). */
export async function getPage<T>(url: string): Promise<Page<T>> {
  let response: Response;
  try {
    response = await globalThis.fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/json, application/problem+json" },
    });
  } catch (cause) {
    throw new ApiError({ status: NETWORK_ERROR_STATUS, cause });
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    throw parseProblem(response.status, body);
  }
  return body as Page<T>;
}
