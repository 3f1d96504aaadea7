import { currentLanguage, type MessageKey, type MessageValues } from "@/lib/i18n";
import { problemText } from "@/lib/i18n/problems";
import { ApiError } from "@/lib/problem";

type Translate = (key: MessageKey, values?: MessageValues) => string;

/**
 * The sentence to show for a failed call, in the interface language: what the problem's code or
 * status means (in English, the server's own detail), otherwise a translated explanation of what
 * went wrong.
 */
export function errorMessage(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    if (error.isNetworkError) {
      return t("errors.network");
    }
    return problemText(error, currentLanguage()) ?? t("errors.unexpected", { status: error.status });
  }
  return t("errors.network");
}
