import { useState, type SubmitEvent } from "react";
import { Link } from "react-router";

import { Alert } from "@/components/ui/alert";
import { QueryState } from "@/components/ui/query-state";
import { errorMessage } from "@/lib/error-message";
import { formatRelative, formatDateTime } from "@/lib/format";
import { useCodeLabel, useDocumentTitle, type Language } from "@/lib/i18n";

import {
  useMarkAllRead,
  useMarkRead,
  useNotifications,
  usePreferences,
  useSavePreferences,
  type Notification,
  type Preferences,
} from "../api/notifications";
import { useNotificationsT } from "../messages";
import { notificationText } from "./notification-text";
import "../notifications.css";

/** Everything the person was told, newest first, and which of it they also want by e-mail. */
export function NotificationsPage() {
  const { t } = useNotificationsT();
  useDocumentTitle("areas.notifications");
  const list = useNotifications();
  const markAll = useMarkAllRead();
  return (
    <article className="page notifications">
      <h1>{t("page.title")}</h1>
      <p className="muted">{t("page.intro")}</p>
      <div className="actions">
        <button type="button" className="button" disabled={markAll.isPending} onClick={() => { markAll.mutate(); }}>
          {t("page.markAll")}
        </button>
      </div>
      <QueryState
        query={{ ...list, data: list.data?.pages }}
        loading={t("page.loading")}
        isEmpty={(pages) => pages.every((page) => page.results.length === 0)}
        empty={<p className="muted">{t("page.empty")}</p>}
      >
        {(pages) => (
          <ul className="notifications__list" data-testid="notifications-list">
            {pages
              .flatMap((page) => page.results)
              .map((notification) => (
                <NotificationItem key={notification.id} notification={notification} />
              ))}
          </ul>
        )}
      </QueryState>
      {list.hasNextPage && (
        <button type="button" className="button button--quiet" onClick={() => void list.fetchNextPage()}>
          {t("page.more")}
        </button>
      )}
      <EmailPreferences />
    </article>
  );
}

function NotificationItem({ notification }: { notification: Notification }) {
  const { t, language } = useNotificationsT();
  const label = useCodeLabel();
  const markRead = useMarkRead();
  const unread = notification.read_at === null;
  return (
    <li className={unread ? "notification notification--unread" : "notification"} data-testid={`notification-${notification.kind}`}>
      <p className="notification__text">
        {unread && <span className="badge badge--moving">{t("item.unread")}</span>} {notificationText(notification, t, label, language)}
      </p>
      <p className="notification__meta muted">
        <time dateTime={notification.created_at} title={formatDateTime(notification.created_at, language)}>
          {formatRelative(notification.created_at, language)}
        </time>
        {notification.link !== "" && (
          <>
            {" · "}
            <Link
              to={notification.link}
              onClick={() => {
                if (unread) {
                  markRead.mutate(notification.id);
                }
              }}
            >
              {t("item.open")}
            </Link>
          </>
        )}
        {unread && (
          <>
            {" · "}
            <button type="button" className="link-button" onClick={() => { markRead.mutate(notification.id); }}>
              {t("item.markRead")}
            </button>
          </>
        )}
      </p>
    </li>
  );
}

function EmailPreferences() {
  const { t } = useNotificationsT();
  const preferences = usePreferences();
  return (
    <section className="panel" aria-labelledby="email-preferences-title">
      <h2 id="email-preferences-title" className="panel__title">
        {t("prefs.title")}
      </h2>
      <p className="muted">{t("prefs.intro")}</p>
      <QueryState query={preferences}>{(data) => <PreferencesForm initial={data} />}</QueryState>
    </section>
  );
}

function PreferencesForm({ initial }: { initial: Preferences }) {
  const { t } = useNotificationsT();
  const save = useSavePreferences();
  const [language, setLanguage] = useState<Language>(initial.language);
  const [email, setEmail] = useState<Record<string, boolean>>(initial.email);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({ language, email });
  }

  return (
    <form className="form preferences" onSubmit={submit} data-testid="email-preferences">
      <fieldset className="preferences__kinds">
        <legend className="visually-hidden">{t("prefs.title")}</legend>
        {Object.keys(initial.email).map((kind) => (
          <label key={kind} className="checkbox">
            <input
              type="checkbox"
              checked={email[kind] ?? true}
              onChange={(event) => {
                setEmail({ ...email, [kind]: event.target.checked });
              }}
            />
            {t(`prefs.kind.${kind as Notification["kind"]}`)}
          </label>
        ))}
      </fieldset>
      <label className="field">
        <span className="field__label">{t("prefs.language")}</span>
        <select
          className="field__input"
          value={language}
          onChange={(event) => {
            setLanguage(event.target.value === "en" ? "en" : "fr");
          }}
        >
          <option value="fr">{t("language.fr.name")}</option>
          <option value="en">{t("language.en.name")}</option>
        </select>
      </label>
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {t("prefs.save")}
        </button>
        {save.isSuccess && (
          <span role="status" className="muted">
            {t("prefs.saved")}
          </span>
        )}
      </div>
      {save.isError && <Alert>{errorMessage(save.error, t)}</Alert>}
    </form>
  );
}
