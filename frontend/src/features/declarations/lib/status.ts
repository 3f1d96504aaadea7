/** Statuses a declaration leaves by itself (the worker converts and screens it): worth watching. */
export const MOVING_STATUSES: ReadonlySet<string> = new Set(["received", "converted"]);
