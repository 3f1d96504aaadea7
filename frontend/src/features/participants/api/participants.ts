import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components, operations } from "@/api/schema";
import { api, unwrap } from "@/lib/api-client";

export type Participant = components["schemas"]["ParticipantFactsOutput"];
export type FactsChange = components["schemas"]["PatchedParticipantFactsInputRequest"];
export type FactName = components["schemas"]["ParticipantFactEnum"];

type ListQuery = NonNullable<operations["participants_retrieve"]["parameters"]["query"]>;

export const participantsKey = ["participants"] as const;
// A page a regulator can scan beside the chosen participant's facts; "show more" adds the next.
const PAGE_SIZE = 25;

/** Participants by name, page after page ("show more" adds the next cursor page). */
export function useParticipants(unknownOnly: boolean) {
  return useInfiniteQuery({
    queryKey: [...participantsKey, "list", { unknownOnly }],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/participants/", {
          params: { query: {
            ...(unknownOnly ? { unknown: true } : {}),
            page_size: PAGE_SIZE,
            cursor: pageParam ?? undefined,
          } as ListQuery },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.next === null ? null : new URL(last.next).searchParams.get("cursor")),
    placeholderData: keepPreviousData,
  });
}

/** One participant's facts. */
export function useParticipant(participantId: string | null) {
  return useQuery({
    queryKey: [...participantsKey, "one", participantId],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/participants/{participant_id}/facts/", {
          params: { path: { participant_id: participantId ?? "" } },
        }),
      ),
    enabled: participantId !== null,
  });
}

/** Changes some facts of a participant; the list and the participant are read again after. */
export function useChangeFacts(participantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: FactsChange) =>
      unwrap(
        api.PATCH("/api/v1/participants/{participant_id}/facts/", {
          params: { path: { participant_id: participantId } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: participantsKey }),
  });
}
