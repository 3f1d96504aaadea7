import type { Translate } from "@/lib/i18n";
import { ApiError } from "@/lib/problem";

import type { Validation } from "../api/rulebooks";
import { rulebooksMessages, type RulebooksMessageKey } from "../messages";
import { getAt, pointerPath, type Path } from "./document";

/** One located problem in the draft: where (a JSON pointer), what kind (a code) and the server's words. */
export interface LocatedError {
  pointer: string;
  code: string;
  detail: string;
}

/** Errors from a dry validation or from a refused save, in one shape for the editor to list. */
export function locatedErrors(source: Validation | ApiError | null): LocatedError[] {
  if (source === null) {
    return [];
  }
  if (source instanceof ApiError) {
    return source.fieldErrors.map((error) => ({ pointer: error.pointer, code: error.code, detail: error.detail }));
  }
  return source.errors.map((error) => ({ pointer: error.pointer, code: error.code, detail: error.detail }));
}

/** `/document/rules/3/params/cap_mad` → `rules/3/params/cap_mad`: the path inside the document. */
export function documentPath(pointer: string): string {
  return pointer.replace(/^\/(document|source)\/?/, "") || "/";
}

type T = Translate<RulebooksMessageKey>;

/** The message of `key` when this feature has one (asked first, so no missing message is reported). */
function known(t: T, key: string): string | null {
  return rulebooksMessages.has(key) ? t(key) : null;
}

/**
 * The label of a field of the document, from its path without the rule's index:
 * `["params", "cap_mad"]` → "Plafond (MAD)". Null when the form has no name for it.
 */
export function fieldLabel(t: T, path: Path): string | null {
  const names = path.filter((part) => typeof part === "string");
  for (let length = names.length; length > 0; length -= 1) {
    const label = known(t, `field.${names.slice(0, length).join(".")}`);
    if (label !== null) {
      return label;
    }
  }
  return null;
}

/** Where a problem is, in words: « Règle 2 « Dotation carte » › Plafond (MAD) ». */
export function problemPlace(t: T, pointer: string, document: unknown, language: "fr" | "en"): string {
  const path = pointerPath(pointer);
  const [section, index, ...rest] = path;
  if (section === "rules" && typeof index === "number") {
    const title = getAt(document, ["rules", index, "title", language]);
    const id = getAt(document, ["rules", index, "id"]);
    const name = typeof title === "string" && title !== "" ? title : typeof id === "string" ? id : "";
    const where = t("where.rule", { number: index + 1, title: name });
    const field = rest.length > 0 ? fieldLabel(t, rest) : null;
    return field === null ? where : `${where} › ${field}`;
  }
  if (section === "version" || section === "rulebook") {
    const field = fieldLabel(t, path);
    return field ?? t(section === "version" ? "where.version" : "where.rulebook");
  }
  return t("where.document");
}

/** What is wrong, in plain words (the server's own sentence when the code is not one we explain). */
export function problemText(t: T, error: LocatedError): string {
  return known(t, `problem.${error.code}`) ?? error.detail;
}
