import { useDeclarationsT, type DeclarationsMessageKey } from "../lib/i18n";

const TONE: Readonly<Record<string, string>> = {
  received: "badge--neutral",
  converted: "badge--neutral",
  screened: "badge--ok",
  pending_rate: "badge--failing",
  withdrawn: "badge--neutral",
};

export function StatusBadge({ status }: { status: string }) {
  const { d } = useDeclarationsT();
  const key = `status.${status}` as DeclarationsMessageKey;
  return (
    <span className={`badge ${TONE[status] ?? "badge--neutral"}`} data-testid="status-badge">
      {d(key)}
    </span>
  );
}
