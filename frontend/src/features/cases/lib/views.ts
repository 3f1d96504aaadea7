import type { CaseSummary, QueueFilters } from "../api/cases";

/** The queue's saved views: each a link of its own (`?view=`), from the home page's counts too. */
export const QUEUE_VIEWS = ["open", "mine", "unassigned", "overdue", "awaiting", "all"] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];

// The work still to do: every state a regulator still acts on.
const ACTIVE: NonNullable<QueueFilters["state"]> = ["open", "in_review", "awaiting_startup", "reopened"];

export function viewFilters(view: QueueView): QueueFilters {
  switch (view) {
    case "open":
      return { state: ACTIVE };
    case "mine":
      return { state: ACTIVE, assignee: "me" };
    case "unassigned":
      return { state: ACTIVE, assignee: "none" };
    case "overdue":
      return { state: ACTIVE, overdue: "true" };
    case "awaiting":
      return { state: ["awaiting_startup"] };
    case "all":
      return {};
  }
}

/** The summary's count for a view (none for "all": the total line says it). */
export function viewCount(view: QueueView, summary: CaseSummary): number | null {
  switch (view) {
    case "open":
      return summary.open;
    case "mine":
      return summary.mine;
    case "unassigned":
      return summary.unassigned;
    case "overdue":
      return summary.overdue;
    case "awaiting":
      return summary.awaiting_startup;
    case "all":
      return null;
  }
}
