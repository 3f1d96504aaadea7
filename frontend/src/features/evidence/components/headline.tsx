import { useI18n } from "@/lib/i18n";

import type { Cell, Measures } from "../api/types";
import { formatCount, formatMad, HEADLINE_ORDER } from "../lib/measures";
import { pairKey } from "./labels";

/** The verdict-pair totals; "allowed now, blocked under the proposal" sits next to the gain. */
export function Headline({ measures }: { measures: Measures }) {
  const { t } = useI18n();
  return (
    <section className="panel" aria-labelledby="evidence-headline-title">
      <h2 id="evidence-headline-title" className="panel__title">
        {t("evidence.headline.title")}
      </h2>
      <div className="evidence-headline">
        {HEADLINE_ORDER.map((pair) => (
          <HeadlineCard key={pair} pair={pair} cell={measures.headline[pair]} />
        ))}
      </div>
    </section>
  );
}

function HeadlineCard({ pair, cell }: { pair: (typeof HEADLINE_ORDER)[number]; cell: Cell }) {
  const { t, language } = useI18n();
  const hidden = t("evidence.suppressed");
  const emphasis = pair === "unlocked" || pair === "newly_blocked" ? ` evidence-card--${pair}` : "";
  return (
    <div className={`evidence-card${emphasis}`} data-testid={`headline-${pair}`}>
      <h3 className="evidence-card__title">{t(pairKey(pair))}</h3>
      <dl className="evidence-card__figures">
        <dt>{t("evidence.figure.declarations")}</dt>
        <dd>{formatCount(cell.declarations, language) ?? <Suppressed text={hidden} />}</dd>
        <dt>{t("evidence.figure.participants")}</dt>
        <dd>{formatCount(cell.participants, language) ?? <Suppressed text={hidden} />}</dd>
        <dt>{t("evidence.figure.mad")}</dt>
        <dd>{formatMad(cell.mad, language) ?? <Suppressed text={hidden} />}</dd>
      </dl>
    </div>
  );
}

/** A hidden cell: marked in words (not only by style) so every reader sees why it is blank. */
export function Suppressed({ text }: { text: string }) {
  return (
    <span className="evidence-suppressed" data-testid="suppressed-cell">
      {text}
    </span>
  );
}
