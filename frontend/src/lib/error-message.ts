import type { MessageKey, MessageValues } from "@/lib/i18n";
import { ApiError } from "@/lib/problem";

type Translate = (key: MessageKey, values?: MessageValues) => string;

/**
 * The sentence to show for a failed call: the server's own problem `detail` when it sent one,
 * otherwise a translated explanation of what went wrong.
 */
export function errorMessage(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    if (error.detail !== null) {
      return error.detail;
    }
    if (error.isNetworkError) {
      return t("errors.network");
    }
    return t("errors.unexpected", { status: error.status });
  }
  return t("errors.network");
}
