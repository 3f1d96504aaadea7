import type { Validation } from "../api/rulebooks";
import { ApiError } from "@/lib/problem";

/** One located problem in the editor's text: where (a JSON pointer) and what. */
export interface LocatedError {
  pointer: string;
  detail: string;
}

/** Errors from a dry validation or from a refused save, in one shape for the editor to list. */
export function locatedErrors(source: Validation | ApiError | null): LocatedError[] {
  if (source === null) {
    return [];
  }
  if (source instanceof ApiError) {
    return source.fieldErrors.map((error) => ({ pointer: error.pointer, detail: error.detail }));
  }
  return source.errors.map((error) => ({ pointer: error.pointer, detail: error.detail }));
}

/** `/document/rules/3/params/cap_mad` → `rules/3/params/cap_mad`: the path inside the document. */
export function documentPath(pointer: string): string {
  return pointer.replace(/^\/(document|source)\/?/, "") || "/";
}
