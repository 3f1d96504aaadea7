import { Suspense, type ComponentType } from "react";

import { useI18n } from "@/lib/i18n";

function PageLoading() {
  const { t } = useI18n();
  return (
    <p className="state state--loading" role="status">
      <span className="spinner spinner--small" aria-hidden="true" /> {t("app.loading")}
    </p>
  );
}

/** A page whose code may arrive on first visit; the frame stays and the page area says it is loading. */
export function LazyPage({ page: Page }: { page: ComponentType }) {
  return (
    <Suspense fallback={<PageLoading />}>
      <Page />
    </Suspense>
  );
}
