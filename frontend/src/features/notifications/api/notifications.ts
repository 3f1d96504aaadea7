import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/schema";
import { api, unwrap } from "@/lib/api-client";

export type Notification = components["schemas"]["NotificationOutput"];
export type NotificationKind = Notification["kind"];
export type Preferences = components["schemas"]["Preferences"];

export const notificationsKey = ["notifications"] as const;

// The badge asks cheaply and often enough that a decision shows within half a minute.
const UNREAD_POLL_MS = 30_000;
const PAGE_SIZE = 20;

export function useUnreadCount(enabled = true) {
  return useQuery({
    queryKey: [...notificationsKey, "unread"],
    queryFn: () => unwrap(api.GET("/api/v1/notifications/unread-count/")),
    refetchInterval: UNREAD_POLL_MS,
    enabled,
  });
}

export function useNotifications() {
  return useInfiniteQuery({
    queryKey: [...notificationsKey, "list"],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/notifications/", {
          params: { query: { page_size: PAGE_SIZE, cursor: pageParam ?? undefined } as never },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.next === null ? null : new URL(last.next).searchParams.get("cursor")),
  });
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/v1/notifications/{notification_id}/read/", { params: { path: { notification_id: id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: notificationsKey }),
  });
}

export function useMarkAllRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/notifications/read-all/")),
    onSuccess: () => client.invalidateQueries({ queryKey: notificationsKey }),
  });
}

export function usePreferences() {
  return useQuery({
    queryKey: [...notificationsKey, "preferences"],
    queryFn: () => unwrap(api.GET("/api/v1/notification-preferences/")),
  });
}

export function useSavePreferences() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Preferences) => unwrap(api.PUT("/api/v1/notification-preferences/", { body })),
    onSuccess: (saved) => {
      client.setQueryData([...notificationsKey, "preferences"], saved);
    },
  });
}
