import type { Disclosure } from "../api/types";
import { formatMad } from "../lib/measures";
import { useEvidenceT } from "../messages";

/** How the figures were protected (advocates) or that they are exact (regulators). */
export function DisclosureNote({ disclosure, suppressed }: { disclosure: Disclosure | null; suppressed: number }) {
  const { t, language } = useEvidenceT();
  if (disclosure === null) {
    return (
      <div className="evidence-note" data-testid="disclosure-note">
        <p>{t("evidence.disclosure.exact")}</p>
      </div>
    );
  }
  return (
    <div className="evidence-note evidence-note--control" data-testid="disclosure-note">
      <p className="evidence-note__title">{t("evidence.disclosure.title")}</p>
      <p>{t("evidence.disclosure.primary", { k: disclosure.min_participants })}</p>
      <p>{t("evidence.disclosure.complementary")}</p>
      <p>{t("evidence.disclosure.rounding", { unit: formatMad(String(disclosure.rounding_mad), language) ?? "" })}</p>
      <p>{t("evidence.disclosure.noRows")}</p>
      <p data-testid="suppressed-count">{t("evidence.disclosure.count", { count: suppressed })}</p>
    </div>
  );
}
