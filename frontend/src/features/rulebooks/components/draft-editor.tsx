import { useEffect, useId, useMemo, useState } from "react";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { ApiError } from "@/lib/problem";

import { useSaveDraft, validateDraft, type Draft, type Validation, type VersionDetail } from "../api/rulebooks";
import { isFormReady, setAt, type Path, type RulebookDocument } from "../lib/document";
import { locatedErrors, problemPlace, problemText } from "../lib/problems";
import { useRulebooksT } from "../messages";
import { DocumentForm } from "./document-form";

// Long enough not to call the server on every keystroke, short enough to feel live.
const VALIDATE_DELAY_MS = 400;

type View = "form" | "yaml";

/** What is being edited, with the view it is edited in. */
type Editing = { view: "form"; document: RulebookDocument } | { view: "yaml"; source: string };

function draftOf(editing: Editing): Draft {
  return editing.view === "form" ? { document: editing.document } : { source: editing.source };
}

/**
 * A draft's editor: a form per rule for policy people, the YAML text for experts, one draft
 * behind both. Every change is checked by the server as it is typed and its problems are said in
 * plain words where they are; the draft saves only when it is valid.
 */
export function DraftEditor({ version, onDirty }: { version: VersionDetail; onDirty: (dirty: boolean) => void }) {
  const { t, language } = useRulebooksT();
  const id = useId();
  const initial: Editing = isFormReady(version.document)
    ? { view: "form", document: version.document }
    : { view: "yaml", source: version.source };
  const [editing, setEditing] = useState<Editing>(initial);
  const [dirty, setDirty] = useState(false);
  // The answer and the draft it answers: a badge never speaks for text it has not seen.
  const [checked, setChecked] = useState<{ draft: Editing; result: Validation } | null>(null);
  const [validationError, setValidationError] = useState<unknown>(null);
  const [switchRefused, setSwitchRefused] = useState<string | null>(null);
  const save = useSaveDraft(version.id);
  const existingIds = useMemo(
    () => new Set(isFormReady(version.document) ? version.document.rules.map((rule) => rule.id) : []),
    [version.document],
  );

  useEffect(() => {
    onDirty(dirty);
  }, [dirty, onDirty]);

  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      validateDraft(version.rulebook.id, draftOf(editing)).then(
        (result) => {
          if (!cancelled) {
            setChecked({ draft: editing, result });
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
  }, [editing, version.rulebook.id]);

  const current = checked !== null && checked.draft === editing ? checked.result : null;
  const saveError = save.error instanceof ApiError ? save.error : null;
  const errors = locatedErrors(current ?? (saveError !== null && saveError.fieldErrors.length > 0 ? saveError : null));
  const shownDocument = editing.view === "form" ? editing.document : (current?.document ?? null);

  function change(next: Editing) {
    setEditing(next);
    setDirty(true);
    setSwitchRefused(null);
    save.reset();
  }

  function switchTo(view: View) {
    if (view === editing.view) {
      return;
    }
    if (view === "yaml") {
      // The form's document as text: the server's YAML once it has read it, else as JSON (valid YAML too).
      const source = current?.source ?? JSON.stringify(editing.view === "form" ? editing.document : null, null, 2);
      setEditing({ view: "yaml", source });
      return;
    }
    if (current === null) {
      setSwitchRefused(t("rulebooks.editor.checking"));
      return;
    }
    if (!isFormReady(current.document)) {
      setSwitchRefused(
        current.document === null ? t("rulebooks.editor.yamlUnreadable") : t("rulebooks.editor.notFormReady"),
      );
      return;
    }
    setEditing({ view: "form", document: current.document });
  }

  return (
    <section className="panel" data-testid="draft-editor" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="panel__title">
        {t("rulebooks.editor.title")}
      </h3>
      <div className="tabs" role="group" aria-label={t("rulebooks.editor.views")}>
        {(["form", "yaml"] as const).map((view) => (
          <button
            key={view}
            type="button"
            className="tabs__tab"
            aria-pressed={editing.view === view}
            data-testid={`editor-view-${view}`}
            onClick={() => {
              switchTo(view);
            }}
          >
            {view === "form" ? t("rulebooks.editor.viewForm") : t("rulebooks.editor.viewYaml")}
          </button>
        ))}
      </div>
      {switchRefused !== null && (
        <p role="alert" className="field__errors">
          {switchRefused}
        </p>
      )}
      <div aria-live="polite" data-testid="validation-status" className="draft-status">
        {current === null && validationError === null && <p className="muted">{t("rulebooks.editor.checking")}</p>}
        {current?.valid === true && (
          <p className="notice notice--done" data-testid="validation-ok">
            {t("rulebooks.editor.valid")}
          </p>
        )}
        {current?.valid === false && (
          <div className="notice notice--warning" data-testid="validation-errors">
            <p>{t("rulebooks.editor.invalid", { count: errors.length })}</p>
            <ul>
              {errors.map((error) => (
                <li key={`${error.pointer}:${error.code}:${error.detail}`}>
                  <strong>{problemPlace(t, error.pointer, shownDocument, language)}</strong> : {problemText(t, error)}
                  {error.code === "syntax_error" && (
                    <>
                      {" "}
                      <code>{error.detail}</code>
                    </>
                  )}
                </li>
              ))}
            </ul>
          </div>
        )}
        {validationError !== null && <Alert>{errorMessage(validationError, t)}</Alert>}
      </div>
      {editing.view === "form" ? (
        <DocumentForm
          document={editing.document}
          existingIds={existingIds}
          errors={errors}
          onChange={(path: Path, value: unknown) => {
            change({ view: "form", document: setAt(editing.document, path, value) });
          }}
        />
      ) : (
        <div className="field">
          <label className="field__label" htmlFor={`${id}-source`}>
            {t("rulebooks.editor.label")}
          </label>
          <textarea
            id={`${id}-source`}
            className="rulebooks-editor"
            data-testid="draft-source"
            value={editing.source}
            spellCheck={false}
            rows={24}
            onChange={(event) => {
              change({ view: "yaml", source: event.target.value });
            }}
          />
        </div>
      )}
      <div className="draft-actions">
        <button
          type="button"
          className="button button--primary"
          data-testid="draft-save"
          disabled={save.isPending || current?.valid !== true || !dirty}
          onClick={() => {
            save.mutate(draftOf(editing), {
              onSuccess: () => {
                setDirty(false);
              },
            });
          }}
        >
          {save.isPending ? t("rulebooks.editor.saving") : t("rulebooks.editor.save")}
        </button>
        {dirty && !save.isPending && <span className="muted">{t("rulebooks.editor.unsaved")}</span>}
        {save.isSuccess && !dirty && (
          <span role="status" data-testid="draft-saved">
            {t("rulebooks.editor.saved")}
          </span>
        )}
      </div>
      {saveError !== null && <Alert>{errorMessage(saveError, t)}</Alert>}
    </section>
  );
}
