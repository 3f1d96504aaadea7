import { Link } from "react-router";

import { useUnreadCount } from "../api/notifications";
import { useNotificationsT } from "../messages";
import "../notifications.css";

/** The header's way to the notifications, with the number still unread. */
export function NotificationBell({ to }: { to: string }) {
  const { t } = useNotificationsT();
  const unread = useUnreadCount();
  const count = unread.data?.unread ?? 0;
  return (
    <Link to={to} className="bell" aria-label={t("bell.label", { count })} data-testid="notification-bell">
      <svg className="bell__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" />
      </svg>
      {count > 0 && (
        <span className="bell__count" data-testid="notification-count" aria-hidden="true">
          {count > 99 ? "99+" : count}
        </span>
      )}
    </Link>
  );
}
