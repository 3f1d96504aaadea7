/**
 * A rulebook document as the editor's form handles it: the JSON the API stores (the same object
 * the YAML view shows as text), read and changed immutably, path by path.
 */

export type Path = readonly (string | number)[];

export interface RuleEntry {
  id: string;
  kind: string;
  title: { fr: string; en: string };
  scope?: Record<string, unknown> | null;
  params: Record<string, unknown>;
  severity: string;
  citation: Record<string, unknown>;
  confidence: string;
  [key: string]: unknown;
}

export interface RulebookDocument {
  rulebook: { name: string; kind: string; [key: string]: unknown };
  version: { effective_from: string; notes?: string | { fr: string; en: string }; [key: string]: unknown };
  rules: RuleEntry[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether the form can show this document: the three sections, and rules that are objects. */
export function isFormReady(value: unknown): value is RulebookDocument {
  return (
    isObject(value) &&
    isObject(value.rulebook) &&
    isObject(value.version) &&
    Array.isArray(value.rules) &&
    value.rules.every((rule) => isObject(rule) && isObject(rule.params) && isObject(rule.title) && isObject(rule.citation))
  );
}

/**
 * A copy of `node` with the value at `path` replaced; `undefined` removes the member (an
 * optional field left empty is absent from the document, not an empty string).
 */
export function setAt<T>(node: T, path: Path, value: unknown): T {
  const [head, ...rest] = path;
  if (head === undefined) {
    return value as T;
  }
  if (Array.isArray(node)) {
    const copy = [...node] as unknown[];
    if (rest.length === 0 && value === undefined) {
      copy.splice(Number(head), 1);
    } else {
      copy[Number(head)] = setAt(copy[Number(head)], rest, value);
    }
    return copy as T;
  }
  const key = String(head);
  const members = isObject(node) ? Object.entries(node) : [];
  if (rest.length === 0 && value === undefined) {
    return Object.fromEntries(members.filter(([name]) => name !== key)) as T;
  }
  const copy: Record<string, unknown> = Object.fromEntries(members);
  copy[key] = setAt(copy[key], rest, value);
  return copy as T;
}

export function getAt(node: unknown, path: Path): unknown {
  let current = node;
  for (const key of path) {
    if (Array.isArray(current)) {
      current = current[Number(key)];
    } else if (isObject(current)) {
      current = current[String(key)];
    } else {
      return undefined;
    }
  }
  return current;
}

/** `/document/rules/3/params/cap_mad` → `["rules", 3, "params", "cap_mad"]`, inside the document. */
export function pointerPath(pointer: string): (string | number)[] {
  return pointer
    .replace(/^\/(document|source)(?=\/|$)/, "")
    .split("/")
    .filter((part) => part !== "")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** The pointer the API uses for a path inside the document. */
export function documentPointer(path: Path): string {
  return `/document${path.map((part) => `/${String(part).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("")}`;
}
