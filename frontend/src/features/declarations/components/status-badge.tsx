import { useCodeLabel } from "@/lib/i18n";

import { MOVING_STATUSES } from "../lib/status";

const TONE: Readonly<Record<string, string>> = {
  received: "badge--moving",
  converted: "badge--moving",
  screened: "badge--ok",
  pending_rate: "badge--failing",
  withdrawn: "badge--neutral",
};

export function StatusBadge({ status }: { status: string }) {
  const label = useCodeLabel();
  const moving = MOVING_STATUSES.has(status);
  return (
    <span className={`badge ${TONE[status] ?? "badge--neutral"}`} data-testid="status-badge" aria-busy={moving || undefined}>
      {moving && <span className="spinner spinner--small" aria-hidden="true" />}
      {label("declarationStatus", status)}
    </span>
  );
}
