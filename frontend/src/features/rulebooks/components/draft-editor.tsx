import { useEffect, useId, useState } from "react";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { ApiError } from "@/lib/problem";

import { useSaveDraft, validateSource, type Validation, type VersionDetail } from "../api/rulebooks";
import { documentPath, locatedErrors } from "../lib/problems";
import { useRulebooksT } from "../messages";

// Long enough not to call the server on every keystroke, short enough to feel live.
const VALIDATE_DELAY_MS = 400;

/** A YAML/JSON editor for a draft, validated live by the server; saving replaces the document. */
export function DraftEditor({ version }: { version: VersionDetail }) {
  const { t } = useRulebooksT();
  const editorId = useId();
  const [source, setSource] = useState(version.source);
  const [validation, setValidation] = useState<Validation | null>(null);
  const [validationError, setValidationError] = useState<unknown>(null);
  const save = useSaveDraft(version.id);

  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      validateSource(version.rulebook.id, source).then(
        (result) => {
          if (!cancelled) {
            setValidation(result);
            setValidationError(null);
          }
        },
        (error: unknown) => {
          if (!cancelled) {
            setValidationError(error);
          }
        },
      );
    }, VALIDATE_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [source, version.rulebook.id]);

  const saveError = save.error instanceof ApiError ? save.error : null;
  const errors = locatedErrors(validation);
  return (
    <section className="panel" data-testid="draft-editor">
      <h3 className="panel__title">{t("rulebooks.editor.title")}</h3>
      <label htmlFor={editorId}>{t("rulebooks.editor.label")}</label>
      <textarea
        id={editorId}
        className="rulebooks-editor"
        data-testid="draft-source"
        value={source}
        spellCheck={false}
        rows={24}
        onChange={(event) => {
          setSource(event.target.value);
        }}
      />
      <div aria-live="polite" data-testid="validation-status">
        {validation === null && <p className="muted">{t("rulebooks.editor.checking")}</p>}
        {validation?.valid === true && <p data-testid="validation-ok">{t("rulebooks.editor.valid")}</p>}
        {validation?.valid === false && (
          <div data-testid="validation-errors">
            <p>{t("rulebooks.editor.invalid", { count: errors.length })}</p>
            <ul>
              {errors.map((error) => (
                <li key={`${error.pointer}:${error.detail}`}>
                  <code>{documentPath(error.pointer)}</code> — {error.detail}
                </li>
              ))}
            </ul>
          </div>
        )}
        {validationError !== null && <Alert>{errorMessage(validationError, t)}</Alert>}
      </div>
      <button
        type="button"
        className="button button--primary"
        data-testid="draft-save"
        disabled={save.isPending || validation?.valid !== true}
        onClick={() => {
          save.mutate(source);
        }}
      >
        {save.isPending ? t("rulebooks.editor.saving") : t("rulebooks.editor.save")}
      </button>
      {save.isSuccess && <p data-testid="draft-saved">{t("rulebooks.editor.saved")}</p>}
      {saveError !== null && <Alert>{errorMessage(saveError, t)}</Alert>}
    </section>
  );
}
