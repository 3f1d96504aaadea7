import { Link } from "react-router";

import { useDocumentTitle, useI18n } from "@/lib/i18n";

/** Any signed-in path that matches no page. */
export function NotFound() {
  const { t } = useI18n();
  useDocumentTitle("notFound.title");
  return (
    <article>
      <h1 data-testid="not-found">{t("notFound.title")}</h1>
      <p>{t("notFound.body")}</p>
      <p>
        <Link to="/">{t("notFound.back")}</Link>
      </p>
    </article>
  );
}
