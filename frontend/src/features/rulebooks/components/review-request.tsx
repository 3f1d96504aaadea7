import { useId, useState } from "react";

import { Alert } from "@/components/ui/alert";
import { useSignedInUser } from "@/features/auth";
import { errorMessage } from "@/lib/error-message";

import { useRegulators, useRequestReview, type VersionDetail } from "../api/rulebooks";
import { useRulebooksT } from "../messages";

/** Ask a second regulator to review the draft (four eyes); they are notified in the app and by e-mail. */
export function ReviewRequest({ version }: { version: VersionDetail }) {
  const { t } = useRulebooksT();
  const id = useId();
  const me = useSignedInUser();
  const regulators = useRegulators();
  const request = useRequestReview(version.id);
  const [reviewer, setReviewer] = useState("");
  const others = (regulators.data ?? []).filter((regulator) => regulator.username !== me.username);
  const chosen = others.find((regulator) => regulator.id === reviewer);
  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="review-request">
      <h3 id={`${id}-title`} className="panel__title">
        {t("review.title")}
      </h3>
      <p className="muted">{t("review.intro")}</p>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          request.mutate(reviewer === "" ? null : reviewer);
        }}
      >
        <div className="field">
          <label className="field__label" htmlFor={`${id}-reviewer`}>
            {t("review.reviewer")}
          </label>
          <select
            id={`${id}-reviewer`}
            className="field__input"
            value={reviewer}
            onChange={(event) => {
              setReviewer(event.target.value);
              request.reset();
            }}
          >
            <option value="">{t("review.everyone")}</option>
            {others.map((regulator) => (
              <option key={regulator.id} value={regulator.id}>
                {regulator.name || regulator.username}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button" disabled={request.isPending} data-testid="request-review">
          {t("review.submit")}
        </button>
      </form>
      {request.isSuccess && (
        <p role="status" className="notice notice--done" data-testid="review-requested">
          {chosen !== undefined
            ? t("review.doneOne", { user: chosen.name || chosen.username })
            : t("review.doneAll")}
        </p>
      )}
      {request.isError && <Alert>{errorMessage(request.error, t)}</Alert>}
    </section>
  );
}
