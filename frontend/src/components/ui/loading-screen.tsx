import { useI18n } from "@/lib/i18n";

/** Shown while the session is being checked; announced politely. */
export function LoadingScreen() {
  const { t } = useI18n();
  return (
    <div className="loading-screen" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{t("app.loading")}</span>
    </div>
  );
}
