import { describe, expect, it } from "vitest";

import { jsonResponse, mockApi, noContent, problemResponse } from "@/testing/mock-api";

import { api, unwrap } from "./api-client";
import { ApiError } from "./problem";

const ME = { username: "demo-startup-1", role: "startup", organisation: { id: "1", name: "Atlas Pay", kind: "startup" } };

describe("api client", () => {
  it("sends the csrftoken cookie as X-CSRFToken on unsafe requests", async () => {
    document.cookie = "sessionid=abc; path=/";
    document.cookie = "csrftoken=tok%2Ben123; path=/";
    const { requests } = mockApi([{ method: "POST", path: "/api/v1/auth/logout/", respond: () => noContent() }]);

    await unwrap(api.POST("/api/v1/auth/logout/"));

    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers.get("X-CSRFToken")).toBe("tok+en123");
    expect(requests[0]!.credentials).toBe("same-origin");
  });

  it("does not send a CSRF header on safe requests", async () => {
    document.cookie = "csrftoken=token123; path=/";
    const { requests } = mockApi([{ method: "GET", path: "/api/v1/auth/me/", respond: () => jsonResponse(200, ME) }]);

    const me = await unwrap(api.GET("/api/v1/auth/me/"));

    expect(me).toEqual(ME);
    expect(requests[0]!.headers.get("X-CSRFToken")).toBeNull();
  });

  it("sends no CSRF header when the cookie is absent", async () => {
    const { requests } = mockApi([{ method: "POST", path: "/api/v1/auth/logout/", respond: () => noContent() }]);

    await unwrap(api.POST("/api/v1/auth/logout/"));

    expect(requests[0]!.headers.has("X-CSRFToken")).toBe(false);
  });

  it("throws the parsed problem details on an error status", async () => {
    mockApi([
      {
        method: "POST",
        path: "/api/v1/auth/login/",
        respond: () =>
          problemResponse(400, {
            type: "about:blank",
            title: "Invalid input",
            detail: "Enter a username.",
            code: "invalid",
            errors: [{ pointer: "/username", code: "blank", detail: "This field may not be blank." }],
          }),
      },
    ]);

    const error = await unwrap(api.POST("/api/v1/auth/login/", { body: { username: "", password: "x" } })).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).detail).toBe("Enter a username.");
    expect((error as ApiError).messagesFor("username")).toEqual(["This field may not be blank."]);
  });

  it("turns a request that never got an answer into a network ApiError", async () => {
    mockApi([
      {
        method: "GET",
        path: "/api/v1/auth/me/",
        respond: () => {
          throw new TypeError("Failed to fetch");
        },
      },
    ]);

    const error = await unwrap(api.GET("/api/v1/auth/me/")).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).isNetworkError).toBe(true);
    expect((error as ApiError).status).toBe(0);
  });
});
