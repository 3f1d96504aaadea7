import type { ReactNode } from "react";

import { useI18n } from "@/lib/i18n";

import { LanguageSwitch } from "./language-switch";
import { MAIN_CONTENT_ID, SkipLink } from "./skip-link";

/** The frame of pages seen before signing in. */
export function PublicLayout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="shell shell--public">
      <SkipLink />
      <header className="topbar">
        <p className="topbar__brand">{t("app.name")}</p>
        <div className="topbar__tools">
          <LanguageSwitch />
        </div>
      </header>
      <main id={MAIN_CONTENT_ID} className="main main--narrow" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
