/**
 * Addresses inside a declarations page. One declaration (`?declaration=<id>`) and its amend form
 * (`?amend=<id>`) are named in the query string, as a case is: each has an address of its own
 * while the routes stay built from the workspaces alone.
 */

export const DECLARATION_PARAM = "declaration";
export const AMEND_PARAM = "amend";

export function declarationSearch(id: string): string {
  return `?${new URLSearchParams({ [DECLARATION_PARAM]: id }).toString()}`;
}

export function amendSearch(id: string): string {
  return `?${new URLSearchParams({ [AMEND_PARAM]: id }).toString()}`;
}

/** What the page is told, in the history entry, after an amendment: shown once on its detail. */
export interface Amended {
  reference: string;
  version: number;
}

export function amendedState(amended: Amended): { amended: Amended } {
  return { amended: { reference: amended.reference, version: amended.version } };
}

/** The amendment a history entry reports, if any (the state of any other entry is ignored). */
export function amendedFrom(state: unknown): Amended | null {
  if (typeof state !== "object" || state === null || !("amended" in state)) {
    return null;
  }
  const amended: unknown = state.amended;
  if (
    typeof amended === "object" &&
    amended !== null &&
    "reference" in amended &&
    "version" in amended &&
    typeof amended.reference === "string" &&
    typeof amended.version === "number"
  ) {
    return { reference: amended.reference, version: amended.version };
  }
  return null;
}
