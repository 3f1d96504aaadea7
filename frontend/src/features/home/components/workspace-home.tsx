import type { ReactNode } from "react";

import { useI18n } from "@/lib/i18n";

interface WorkspaceHomeProps {
  /** Used for the heading's stable test id, `home-<role>`. */
  role: string;
  title: string;
  intro: ReactNode;
  /** Labels of the areas announced for this workspace but not available yet. */
  planned: readonly string[];
  children?: ReactNode;
}

/** A role's landing page: what the workspace is for, and honestly what is still to come. */
export function WorkspaceHome({ role, title, intro, planned, children }: WorkspaceHomeProps) {
  const { t } = useI18n();
  return (
    <article className="home">
      <h1 className="home__title" data-testid={`home-${role}`}>
        {title}
      </h1>
      <div className="home__intro">{intro}</div>
      {children}
      {planned.length > 0 && (
        <section className="panel" aria-labelledby="coming-title" data-testid="coming-soon">
          <h2 id="coming-title" className="panel__title">
            {t("home.coming.title")}
          </h2>
          <p>{t("home.coming.intro")}</p>
          <ul className="panel__list">
            {planned.map((label) => (
              <li key={label}>{label}</li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}
