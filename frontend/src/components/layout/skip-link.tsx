import { useI18n } from "@/lib/i18n";

export const MAIN_CONTENT_ID = "main-content";

/** Lets keyboard users jump past the header and navigation. */
export function SkipLink() {
  const { t } = useI18n();
  return (
    <a className="skip-link" href={`#${MAIN_CONTENT_ID}`}>
      {t("app.skipToContent")}
    </a>
  );
}
