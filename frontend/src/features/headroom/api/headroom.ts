import { useQuery } from "@tanstack/react-query";

import type { components } from "@/api/schema";
import { api, unwrap } from "@/lib/api-client";

export type HeadroomRow = components["schemas"]["HeadroomRow"];
export type Headroom = components["schemas"]["HeadroomOutput"];

/** The signed-in startup's own headroom (the API scopes it; regulators pass `participant`). */
export function useHeadroom(participant?: string) {
  return useQuery({
    queryKey: ["headroom", participant ?? "own"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/headroom/", { params: { query: participant === undefined ? {} : { participant } } })),
  });
}
