import { describe, expect, it } from "vitest";

import { meQueryKey } from "@/features/auth";
import { DEMO_USERS } from "@/testing/mock-api";
import { ApiError } from "@/lib/problem";

import { createQueryClient } from "./query-client";

describe("createQueryClient", () => {
  it("forgets the user when any query answers 401, so the guard asks to sign in again", async () => {
    const client = createQueryClient();
    client.setQueryData(meQueryKey, DEMO_USERS.startup);

    await client
      .query({ queryKey: ["declarations"], queryFn: () => Promise.reject(new ApiError({ status: 401 })), retry: false })
      .catch(() => undefined);

    expect(client.getQueryData(meQueryKey)).toBeNull();
  });

  it("keeps the user on other failures", async () => {
    const client = createQueryClient();
    client.setQueryData(meQueryKey, DEMO_USERS.startup);

    await client
      .query({ queryKey: ["declarations"], queryFn: () => Promise.reject(new ApiError({ status: 404 })), retry: false })
      .catch(() => undefined);

    expect(client.getQueryData(meQueryKey)).toEqual(DEMO_USERS.startup);
  });

  it("does not retry client errors but retries a server error once", () => {
    const retry = createQueryClient().getDefaultOptions().queries?.retry as (count: number, error: unknown) => boolean;

    expect(retry(0, new ApiError({ status: 400 }))).toBe(false);
    expect(retry(0, new ApiError({ status: 503 }))).toBe(true);
    expect(retry(1, new ApiError({ status: 503 }))).toBe(false);
    expect(retry(0, new ApiError({ status: 0 }))).toBe(true);
  });
});
