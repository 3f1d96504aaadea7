import { useParticipantsT } from "../messages";

/** How many facts nobody knows: a warning while there is one, "all known" otherwise. */
export function UnknownBadge({ count }: { count: number }) {
  const { t } = useParticipantsT();
  return (
    <span className={`badge ${count > 0 ? "badge--warning" : "badge--ok"}`} data-testid="unknown-count">
      {t("participants.unknownCount", { count })}
    </span>
  );
}
