import { formatDate, formatMad, formatRate } from "@/lib/format";
import { useCodeLabel, type Language } from "@/lib/i18n";

import type { Reconversion, ReconvertedConversion, ReconvertedVerdict } from "../api/declarations";
import { useDeclarationsT } from "../messages";

interface Props {
  change: Reconversion;
  currency: string;
}

interface VerdictRow {
  key: string;
  name: string;
  before: string | null;
  after: string | null;
}

/** The rulebooks of both sides, rules in force first, each with its verdict before and after. */
function verdictRows(change: Reconversion, language: Language): VerdictRow[] {
  const rows = new Map<string, VerdictRow>();
  const add = (verdicts: ReconvertedVerdict[] | null, side: "before" | "after") => {
    for (const verdict of verdicts ?? []) {
      const key = `${verdict.rulebook.kind}:${verdict.rulebook.name_en}`;
      const name = language === "fr" ? verdict.rulebook.name_fr : verdict.rulebook.name_en;
      const row = rows.get(key) ?? { key, name, before: null, after: null };
      row[side] = verdict.verdict;
      rows.set(key, row);
    }
  };
  add(change.before.verdicts, "before");
  add(change.after.verdicts, "after");
  return [...rows.values()];
}

/**
 * A payment re-converted after a late or revised publication, old beside new: the rate, the
 * amount in dirhams and the verdict under each rulebook, as its history recorded them.
 */
export function ReconversionChange({ change, currency }: Props) {
  const { t, language } = useDeclarationsT();
  const label = useCodeLabel();
  const rate = (conversion: ReconvertedConversion | null) =>
    conversion === null
      ? t("reconversion.waiting")
      : t("reconversion.rate", {
          rate: formatRate(conversion.rate, currency, language),
          date: formatDate(conversion.rate_date, language),
          method: label("rateMethod", conversion.method),
        });
  const amount = (conversion: ReconvertedConversion | null) =>
    conversion === null ? t("reconversion.waiting") : formatMad(conversion.amount_mad, language);
  const verdict = (code: string | null) => (code === null ? t("reconversion.none") : label("verdict", code));
  const verdicts = verdictRows(change, language);
  // Where the table stacks (a narrow panel), each value says which side it is.
  const before = t("reconversion.beforeLabel");
  const after = t("reconversion.afterLabel");
  const recorded = change.before.verdicts !== null && change.after.verdicts !== null;
  return (
    <div className="reconversion" data-testid="reconversion-change">
      <p className="reconversion__cause">
        {change.cause === "non_publication_day_marked" ? t("reconversion.causeMarked") : t("reconversion.causePublished")}
      </p>
      <table className="reconversion__table">
        <caption className="visually-hidden">{t("reconversion.caption")}</caption>
        <thead>
          <tr>
            <td />
            <th scope="col">{t("reconversion.before")}</th>
            <th scope="col">{t("reconversion.after")}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t("reconversion.rateRow")}</th>
            <td data-label={before}>{rate(change.before.conversion)}</td>
            <td data-label={after}>{rate(change.after.conversion)}</td>
          </tr>
          <tr>
            <th scope="row">{t("reconversion.amountRow")}</th>
            <td data-label={before} className="reconversion__amount">
              {amount(change.before.conversion)}
            </td>
            <td data-label={after} className="reconversion__amount">
              {amount(change.after.conversion)}
            </td>
          </tr>
          {verdicts.map((row) => (
            <tr key={row.key} className={row.before === row.after ? undefined : "reconversion__moved"}>
              <th scope="row">{t("reconversion.verdictRow", { rulebook: row.name })}</th>
              <td data-label={before}>{verdict(row.before)}</td>
              <td data-label={after}>{verdict(row.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!recorded && <p className="muted">{t("reconversion.verdictsUnrecorded")}</p>}
    </div>
  );
}
