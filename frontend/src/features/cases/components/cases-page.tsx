import { useSearchParams } from "react-router";

import { useDocumentTitle } from "@/lib/i18n";

import { CasePage } from "./case-page";
import { CaseQueue } from "./case-queue";
import "../cases.css";

/** The regulators' cases area: the queue, or one case when `?case=<id>` names it (so a case
 * page has its own address without a route of its own). */
export function CasesPage() {
  useDocumentTitle("areas.cases");
  const [params, setParams] = useSearchParams();
  const caseId = params.get("case");
  if (caseId) {
    return <CasePage key={caseId} caseId={caseId} onBack={() => { setParams({}); }} />;
  }
  return <CaseQueue onOpen={(id) => { setParams({ case: id }); }} />;
}
