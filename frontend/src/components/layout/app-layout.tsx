import type { ReactNode } from "react";
import { Link, NavLink } from "react-router";

import { Alert } from "@/components/ui/alert";
import { useI18n } from "@/lib/i18n";

import { LanguageSwitch } from "./language-switch";
import { MAIN_CONTENT_ID, SkipLink } from "./skip-link";

export interface NavEntry {
  to: string;
  /** The short name shown in the bar. */
  label: string;
  /** The full name, when the short one leaves part of it out: said by screen readers, shown on hover. */
  name?: string;
  /** Only active on this exact path (the home entry), not on its sub-paths. */
  end?: boolean;
}

interface AppLayoutProps {
  homePath: string;
  organisationName: string;
  userLabel: string;
  navigation: readonly NavEntry[];
  onSignOut: () => void;
  signingOut: boolean;
  signOutError: string | null;
  /** Extra header tools (the notifications bell). */
  tools?: ReactNode;
  children: ReactNode;
}

/** The frame of every signed-in page: header, role navigation, main content. */
export function AppLayout({
  homePath,
  organisationName,
  userLabel,
  navigation,
  onSignOut,
  signingOut,
  signOutError,
  tools,
  children,
}: AppLayoutProps) {
  const { t } = useI18n();
  return (
    <div className="shell">
      <SkipLink />
      <header className="topbar">
        <Link className="topbar__brand" to={homePath}>
          {t("app.name")}
        </Link>
        <dl className="topbar__identity">
          <div>
            <dt>{t("header.organisation")}</dt>
            <dd data-testid="current-organisation">{organisationName}</dd>
          </div>
          <div>
            <dt>{t("header.user")}</dt>
            <dd data-testid="current-user">{userLabel}</dd>
          </div>
        </dl>
        <div className="topbar__tools">
          {tools}
          <LanguageSwitch />
          <button type="button" className="button button--quiet" onClick={onSignOut} disabled={signingOut}>
            {signingOut ? t("auth.logout.pending") : t("auth.logout")}
          </button>
        </div>
      </header>
      <nav className="nav" aria-label={t("nav.label")}>
        <ul className="nav__list">
          {navigation.map((entry) => (
            <li key={entry.to}>
              <NavLink
                className="nav__link"
                to={entry.to}
                end={entry.end}
                aria-label={entry.name !== undefined && entry.name !== entry.label ? entry.name : undefined}
                title={entry.name !== undefined && entry.name !== entry.label ? entry.name : undefined}
              >
                {entry.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id={MAIN_CONTENT_ID} className="main" tabIndex={-1}>
        {signOutError !== null && <Alert>{signOutError}</Alert>}
        {children}
      </main>
    </div>
  );
}
