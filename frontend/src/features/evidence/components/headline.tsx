import { Fragment } from "react";

import { useI18n } from "@/lib/i18n";

import { BASES, TOTAL, type Cell, type Measures } from "../api/types";
import { useEvidenceT } from "../lib/i18n";
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
          <HeadlineCard key={pair} pair={pair} cells={measures.headline[pair]} />
        ))}
      </div>
    </section>
  );
}

const EMPTY: Cell = { declarations: 0, participants: 0, mad: "0.00", suppressed: false };

function HeadlineCard({
  pair,
  cells,
}: {
  pair: (typeof HEADLINE_ORDER)[number];
  cells: Measures["headline"][(typeof HEADLINE_ORDER)[number]];
}) {
  const { t, language } = useI18n();
  const { e } = useEvidenceT();
  const hidden = t("evidence.suppressed");
  const cell = cells[TOTAL] ?? EMPTY;
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
        {pair !== TOTAL &&
          BASES.map((basis) => {
            const part = cells[basis];
            return part === undefined ? null : (
              <Fragment key={basis}>
                <dt>{e(`basis.${basis}`)}</dt>
                <dd data-testid={`headline-${pair}-${basis}`}>
                  {formatMad(part.mad, language) ?? <Suppressed text={hidden} />}
                </dd>
              </Fragment>
            );
          })}
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
