import { SPLIT_PAIRS, TOTAL, type Cell, type Measures } from "../api/types";
import { formatCount, formatMad, HEADLINE_ORDER } from "../lib/measures";
import { useEvidenceT } from "../messages";
import { pairKey } from "./labels";

/**
 * The verdict-pair totals; "allowed now, blocked under the proposal" sits next to the gain. A pair
 * that a rule can block shows its law-backed figures and, beside them and labelled, those that
 * rest only on illustrative values: the two are never added into one figure of the law's effect.
 */
export function Headline({ measures }: { measures: Measures }) {
  const { t } = useEvidenceT();
  return (
    <section className="panel" aria-labelledby="evidence-headline-title">
      <h2 id="evidence-headline-title" className="panel__title">
        {t("evidence.headline.title")}
      </h2>
      <p className="muted">{t("evidence.headline.note")}</p>
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
  const { t } = useEvidenceT();
  const emphasis = pair === "unlocked" || pair === "newly_blocked" ? ` evidence-card--${pair}` : "";
  // Only the pairs a rule can block in force have an illustrative part.
  const split = pair !== TOTAL && SPLIT_PAIRS.includes(pair);
  return (
    <div className={`evidence-card${emphasis}`} data-testid={`headline-${pair}`}>
      <h3 className="evidence-card__title">{t(pairKey(pair))}</h3>
      {split ? (
        <div className="evidence-card__parts">
          <Figures testId={`headline-${pair}-law`} title={t("evidence.basis.lawLong")} cell={cells.law ?? EMPTY} />
          <Figures
            testId={`headline-${pair}-illustrative`}
            title={t("evidence.basis.illustrativeLong")}
            cell={cells.illustrative ?? EMPTY}
            illustrative
          />
        </div>
      ) : (
        <Figures testId={`headline-${pair}-all`} title={null} cell={cells[pair === TOTAL ? TOTAL : "law"] ?? EMPTY} />
      )}
    </div>
  );
}

/** Declarations, participants and MAD of one cell; a suppressed figure says so in words. */
function Figures({
  testId,
  title,
  cell,
  illustrative = false,
}: {
  testId: string;
  title: string | null;
  cell: Cell;
  illustrative?: boolean;
}) {
  const { t, language } = useEvidenceT();
  const hidden = <Suppressed text={t("evidence.suppressed")} />;
  return (
    <div className={illustrative ? "evidence-part evidence-part--illustrative" : "evidence-part"} data-testid={testId}>
      {title !== null && <p className="evidence-part__title">{title}</p>}
      <dl className="evidence-card__figures">
        <dt>{t("evidence.figure.mad")}</dt>
        <dd data-testid="figure-mad">{formatMad(cell.mad, language) ?? hidden}</dd>
        <dt>{t("evidence.figure.declarations")}</dt>
        <dd data-testid="figure-declarations">{formatCount(cell.declarations, language) ?? hidden}</dd>
        <dt>{t("evidence.figure.participants")}</dt>
        <dd data-testid="figure-participants">{formatCount(cell.participants, language) ?? hidden}</dd>
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
