import { useState } from "react";

import { ConfirmDialog, type ConfirmRequest } from "./confirm-dialog";

/**
 * `confirm(request, action)` opens the dialog and runs `action` only once the person confirms;
 * render `dialog` once in the component.
 */
export function useConfirm() {
  const [pending, setPending] = useState<{ request: ConfirmRequest; action: () => void } | null>(null);
  const dialog = (
    <ConfirmDialog
      open={pending !== null}
      {...(pending?.request ?? { title: "", body: null, confirmLabel: "" })}
      onCancel={() => {
        setPending(null);
      }}
      onConfirm={() => {
        const action = pending?.action;
        setPending(null);
        action?.();
      }}
    />
  );
  return {
    confirm: (request: ConfirmRequest, action: () => void) => {
      setPending({ request, action });
    },
    dialog,
  };
}
