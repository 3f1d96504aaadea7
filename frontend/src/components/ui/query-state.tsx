import type { ReactNode } from "react";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { useI18n } from "@/lib/i18n";

interface QueryLike<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: T | undefined;
  refetch: () => unknown;
}

interface QueryStateProps<T> {
  query: QueryLike<T>;
  /** Said while loading (defaults to "Loading…"); never the empty message. */
  loading?: string;
  /** Whether the loaded data is empty: the `empty` message is shown instead of `children`. */
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}

/**
 * Loading, error, empty and loaded said distinctly, so "nothing yet" is never shown while the
 * answer is still on its way, and a failure offers to try again.
 */
export function QueryState<T>({ query, loading, isEmpty, empty, children }: QueryStateProps<T>) {
  const { t } = useI18n();
  if (query.isPending) {
    return (
      <p className="state state--loading" role="status">
        <span className="spinner spinner--small" aria-hidden="true" /> {loading ?? t("app.loading")}
      </p>
    );
  }
  if (query.isError || query.data === undefined) {
    return (
      <Alert title={t("state.error")}>
        <p>{errorMessage(query.error, t)}</p>
        <button type="button" className="button button--quiet" onClick={() => void query.refetch()}>
          {t("app.retry")}
        </button>
      </Alert>
    );
  }
  if (isEmpty?.(query.data)) {
    return <div className="state state--empty">{empty}</div>;
  }
  return <>{children(query.data)}</>;
}
