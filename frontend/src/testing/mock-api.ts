import { vi } from "vitest";

export interface MockRoute {
  method: string;
  path: string;
  respond: (request: Request) => Response | Promise<Response>;
}

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

export function problemResponse(status: number, body: Record<string, unknown>): Response {
  return new Response(JSON.stringify({ status, ...body }), {
    status,
    headers: { "Content-Type": "application/problem+json" },
  });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

/**
 * Replaces `fetch` with a router over `routes`; every request is recorded. A request no route
 * answers fails the test loudly instead of hanging or silently passing.
 */
export function mockApi(routes: MockRoute[]) {
  const requests: Request[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    requests.push(request.clone());
    const url = new URL(request.url);
    const route = routes.find((candidate) => candidate.method === request.method && candidate.path === url.pathname);
    if (route === undefined) {
      throw new Error(`Unexpected request in test: ${request.method} ${url.pathname}`);
    }
    return route.respond(request);
  });
  vi.stubGlobal("fetch", fetchMock);
  return { fetchMock, requests };
}

export const DEMO_USERS = {
  startup: { username: "demo-startup-1", role: "startup", organisation: { id: "0b0e5f8e-8a4c-4bb1-9b1e-2f0a1c9d0001", name: "Atlas Pay", kind: "startup" } },
  regulator: { username: "demo-regulator", role: "regulator", organisation: { id: "0b0e5f8e-8a4c-4bb1-9b1e-2f0a1c9d0002", name: "Office des Changes", kind: "regulator" } },
  advocate: { username: "demo-advocate", role: "advocate", organisation: { id: "0b0e5f8e-8a4c-4bb1-9b1e-2f0a1c9d0003", name: "Cluster Association", kind: "advocate" } },
  admin: { username: "demo-admin", role: "admin", organisation: { id: "0b0e5f8e-8a4c-4bb1-9b1e-2f0a1c9d0004", name: "Platform Operations", kind: "operator" } },
} as const;

export const NOT_SIGNED_IN = {
  type: "about:blank",
  title: "Not authenticated",
  detail: "Authentication credentials were not provided.",
  code: "not_authenticated",
};
