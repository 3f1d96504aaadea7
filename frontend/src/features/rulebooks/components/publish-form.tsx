import { useId, useState } from "react";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { ApiError } from "@/lib/problem";

import { usePublish, type VersionDetail } from "../api/rulebooks";
import { useRulebooksT } from "../messages";

/** Publish a draft; the four-eyes refusal (its last editor may not publish it) is shown plainly. */
export function PublishForm({ version }: { version: VersionDetail }) {
  const { t } = useRulebooksT();
  const dateId = useId();
  const [effectiveFrom, setEffectiveFrom] = useState(version.effective_from);
  const publish = usePublish(version.id);
  const error = publish.error;
  const fourEyes = error instanceof ApiError && error.code === "four_eyes";
  return (
    <section className="panel" data-testid="publish-form">
      <h3 className="panel__title">{t("rulebooks.publish.title")}</h3>
      <p className="muted">{t("rulebooks.publish.fourEyes", { editor: version.last_edited_by ?? "—" })}</p>
      <label htmlFor={dateId}>{t("rulebooks.publish.effectiveFrom")}</label>
      <input
        id={dateId}
        type="date"
        value={effectiveFrom}
        onChange={(event) => {
          setEffectiveFrom(event.target.value);
        }}
      />
      <button
        type="button"
        className="button button--primary"
        data-testid="publish"
        disabled={publish.isPending}
        onClick={() => {
          publish.mutate(effectiveFrom);
        }}
      >
        {t("rulebooks.publish.submit")}
      </button>
      {fourEyes && (
        <Alert title={t("rulebooks.publish.fourEyesRefused")} testId="four-eyes-refused" focusOnMount>
          {errorMessage(error, t)}
        </Alert>
      )}
      {error !== null && !fourEyes && <Alert testId="publish-error">{errorMessage(error, t)}</Alert>}
    </section>
  );
}
