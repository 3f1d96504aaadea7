/**
 * RFC 9457 problem details (`application/problem+json`) as answered by every API error, turned
 * into one typed error that forms can query per field.
 */

/** One field-level problem, with its JSON pointer turned into a dotted form-field path. */
export interface FieldError {
  /** The JSON pointer as sent by the API, e.g. `/amount/amount`. */
  pointer: string;
  /** The same location as a form-field path, e.g. `amount.amount`; `""` for the whole form. */
  field: string;
  code: string;
  detail: string;
}

/** The status the client reports when the request never got an HTTP answer. */
export const NETWORK_ERROR_STATUS = 0;

// DRF reports cross-field validation under this key; it belongs to the form, not to a field.
const NON_FIELD_KEYS = new Set(["non_field_errors", "__all__"]);

/** An API call that did not succeed, carrying the problem details the server sent (if any). */
export class ApiError extends Error {
  readonly status: number;
  readonly type: string | null;
  readonly title: string | null;
  /** The human explanation from the server; null when the answer carried none (e.g. a 502 page). */
  readonly detail: string | null;
  readonly code: string | null;
  readonly fieldErrors: readonly FieldError[];
  /** Seconds to wait before trying again, when the server said (a sign-in lock-out). */
  readonly retryAfterSeconds: number | null;

  constructor(init: {
    status: number;
    type?: string | null;
    title?: string | null;
    detail?: string | null;
    code?: string | null;
    fieldErrors?: readonly FieldError[];
    retryAfterSeconds?: number | null;
    cause?: unknown;
  }) {
    super(init.detail ?? init.title ?? `HTTP ${init.status}`, { cause: init.cause });
    this.name = "ApiError";
    this.status = init.status;
    this.type = init.type ?? null;
    this.title = init.title ?? null;
    this.detail = init.detail ?? null;
    this.code = init.code ?? null;
    this.fieldErrors = init.fieldErrors ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
  }

  get isNetworkError(): boolean {
    return this.status === NETWORK_ERROR_STATUS;
  }

  /** Messages for one form field (dotted path); `""` gives the form-level messages. */
  messagesFor(field: string): string[] {
    return this.fieldErrors.filter((error) => error.field === field).map((error) => error.detail);
  }

  /** All field messages grouped by dotted field path. */
  get byField(): Record<string, string[]> {
    const grouped: Record<string, string[]> = {};
    for (const error of this.fieldErrors) {
      (grouped[error.field] ??= []).push(error.detail);
    }
    return grouped;
  }
}

/** `/amount/amount` → `amount.amount`, undoing JSON-pointer escapes (RFC 6901). */
export function pointerToField(pointer: string): string {
  const segments = pointer
    .split("/")
    .slice(1)
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"))
    .filter((segment) => segment !== "");
  if (segments.length === 1 && NON_FIELD_KEYS.has(segments[0] ?? "")) {
    return "";
  }
  return segments.join(".");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

function parseFieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value.filter(isRecord).flatMap((item) => {
    const detail = optionalString(item.detail);
    if (detail === null) {
      return [];
    }
    const pointer = typeof item.pointer === "string" ? item.pointer : "";
    return [{ pointer, field: pointerToField(pointer), code: optionalString(item.code) ?? "invalid", detail }];
  });
}

/**
 * Builds the typed error for a failed response from its status and decoded body. Tolerates bodies
 * that are not problem details (HTML error pages, empty bodies): the status always survives.
 */
export function parseProblem(status: number, body: unknown): ApiError {
  if (!isRecord(body)) {
    return new ApiError({ status });
  }
  return new ApiError({
    status: typeof body.status === "number" ? body.status : status,
    type: optionalString(body.type),
    title: optionalString(body.title),
    detail: optionalString(body.detail),
    code: optionalString(body.code),
    fieldErrors: parseFieldErrors(body.errors),
    retryAfterSeconds: typeof body.retry_after === "number" ? body.retry_after : null,
  });
}
