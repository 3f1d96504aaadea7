import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";

import { useDeclaration, type DeclarationDetail } from "../api/declarations";
import { declarationToForm } from "../lib/form";
import { useDeclarationsT } from "../messages";
import { DeclareForm } from "./declare-form";

interface Props {
  id: string;
  onCancel: () => void;
  onAmended: (amended: DeclarationDetail) => void;
}

/**
 * Amend declaration `id`: the declare form filled in with that version. Whether it can still be
 * amended is the server's call (a superseded or withdrawn version is refused, said in the form).
 */
export function AmendDeclaration({ id, onCancel, onAmended }: Props) {
  const { t, language } = useDeclarationsT();
  const declaration = useDeclaration(id);
  if (declaration.isPending) {
    return <p className="muted">{t("app.loading")}</p>;
  }
  if (declaration.isError) {
    return (
      <section>
        <Alert>{errorMessage(declaration.error, t)}</Alert>
        <button type="button" className="button button--quiet" onClick={onCancel}>
          {t("amend.cancel")}
        </button>
      </section>
    );
  }
  return (
    <DeclareForm
      initial={declarationToForm(declaration.data, language)}
      mode={{ kind: "amend", id, version: declaration.data.version, onAmended, onCancel }}
    />
  );
}
