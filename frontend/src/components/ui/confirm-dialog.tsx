import { useEffect, useId, useRef, useState, type ReactNode } from "react";

import { useI18n } from "@/lib/i18n";

export interface ConfirmRequest {
  title: string;
  /** What will happen, said plainly, including that it cannot be undone. */
  body: ReactNode;
  confirmLabel: string;
  /**
   * For sweeping actions: the word the person must type before the button works (e.g. the
   * rulebook's version number, or "RE-SCREEN"), so a stray click or Enter cannot set it off.
   */
  typedWord?: string;
  /** Styles the confirm button as destructive. */
  danger?: boolean;
}

interface Props extends ConfirmRequest {
  open: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal confirmation on the native `<dialog>`: the browser traps focus in it, Escape cancels, and
 * focus goes back to the button that opened it. Cancel has the focus first, so Enter never
 * confirms by accident.
 */
export function ConfirmDialog({ open, ...request }: Props) {
  // Only an open confirmation is in the page: a closed one is no dialog at all.
  return open ? <OpenDialog {...request} /> : null;
}

function OpenDialog({ title, body, confirmLabel, typedWord, danger = false, onConfirm, onCancel }: Omit<Props, "open">) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const id = useId();
  const [typed, setTyped] = useState("");

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null || dialog.open) {
      return;
    }
    // jsdom has no showModal; a real browser always does.
    if (typeof dialog.showModal === "function") {
      dialog.showModal();
    } else {
      dialog.setAttribute("open", "");
    }
    cancelRef.current?.focus();
  }, []);

  const ready = typedWord === undefined || typed.trim() === typedWord;
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onCancel={(event) => {
        event.preventDefault();
        setTyped("");
        onCancel();
      }}
      data-testid="confirm-dialog"
    >
      <form
        method="dialog"
        className="dialog__form"
        onSubmit={(event) => {
          event.preventDefault();
          // Rendered inside another form's tree, the submit must not reach that form too.
          event.stopPropagation();
          if (ready) {
            setTyped("");
            onConfirm();
          }
        }}
      >
        <h2 id={`${id}-title`} className="dialog__title">
          {title}
        </h2>
        <div id={`${id}-body`} className="dialog__body">
          {body}
        </div>
        {typedWord !== undefined && (
          <div className="field">
            <label className="field__label" htmlFor={`${id}-typed`}>
              {t("confirm.typeToConfirm", { word: typedWord })}
            </label>
            <input
              id={`${id}-typed`}
              className="field__input"
              value={typed}
              autoComplete="off"
              spellCheck={false}
              onChange={(event) => {
                setTyped(event.target.value);
              }}
              data-testid="confirm-typed"
            />
          </div>
        )}
        <div className="dialog__actions">
          <button
            ref={cancelRef}
            type="button"
            className="button button--quiet"
            onClick={() => {
              setTyped("");
              onCancel();
            }}
          >
            {t("confirm.cancel")}
          </button>
          <button
            type="submit"
            className={`button ${danger ? "button--danger" : "button--primary"}`}
            disabled={!ready}
            data-testid="confirm-ok"
          >
            {confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
