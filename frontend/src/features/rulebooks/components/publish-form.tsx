import { useId, useState } from "react";

import { Alert } from "@/components/ui/alert";
import { useSignedInUser } from "@/features/auth";
import { useConfirm } from "@/components/ui/use-confirm";
import { errorMessage } from "@/lib/error-message";
import { formatDateLong } from "@/lib/format";
import { localName } from "@/lib/names";
import { ApiError } from "@/lib/problem";

import { usePublish, type VersionDetail } from "../api/rulebooks";
import { useRulebooksT } from "../messages";

/**
 * Publish a draft, after typing its version number: publishing re-screens every payment it
 * concerns and can never be undone. The four-eyes refusal (its last editor may not publish it)
 * is shown plainly.
 */
export function PublishForm({ version, dirty }: { version: VersionDetail; dirty: boolean }) {
  const { t, language } = useRulebooksT();
  const id = useId();
  const [effectiveFrom, setEffectiveFrom] = useState(version.effective_from);
  const publish = usePublish(version.id);
  const { confirm, dialog } = useConfirm();
  const error = publish.error;
  const fourEyes = error instanceof ApiError && error.code === "four_eyes";
  const name = localName(version.rulebook, language);
  // Four eyes: the server refuses its last editor; the page says so before anyone tries.
  const me = useSignedInUser();
  const mine = version.last_edited_by !== null && version.last_edited_by === me.username;
  return (
    <section className="panel" data-testid="publish-form" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="panel__title">
        {t("rulebooks.publish.title")}
      </h3>
      <p className="muted">{t("rulebooks.publish.fourEyes", { editor: version.last_edited_by ?? "—" })}</p>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-date`}>
          {t("rulebooks.publish.effectiveFrom")}
        </label>
        <input
          id={`${id}-date`}
          className="field__input field__input--date"
          type="date"
          value={effectiveFrom}
          onChange={(event) => {
            setEffectiveFrom(event.target.value);
          }}
        />
      </div>
      {dirty && <p className="notice notice--warning">{t("rulebooks.publish.unsaved")}</p>}
      {mine && !dirty && (
        <p className="notice notice--warning" data-testid="publish-yours">
          {t("rulebooks.publish.yours")}
        </p>
      )}
      <button
        type="button"
        className="button button--primary"
        data-testid="publish"
        disabled={publish.isPending || dirty || mine}
        onClick={() => {
          confirm(
            {
              title: t("rulebooks.publish.confirmTitle", { name, number: version.number }),
              body: (
                <p>
                  {t("rulebooks.publish.confirmBody", {
                    date: effectiveFrom === "" ? "—" : formatDateLong(effectiveFrom, language),
                  })}
                </p>
              ),
              confirmLabel: t("rulebooks.publish.submit"),
              typedWord: `v${version.number}`,
            },
            () => {
              publish.mutate(effectiveFrom);
            },
          );
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
      {dialog}
    </section>
  );
}
