import { formatDate } from "@/lib/format";
import { useCodeLabel } from "@/lib/i18n";
import { localName } from "@/lib/names";

import type { Finding, Verdict } from "../api/screening";
import { findingExplanation, orderVerdicts } from "../lib/verdicts";
import { useScreeningT } from "../messages";
import "../screening.css";

/** Both rulebooks' verdicts side by side: badge, findings with explanation, citation, confidence. */
export function VerdictsPanel({ verdicts }: { verdicts: readonly Verdict[] }) {
  const { t } = useScreeningT();
  return (
    <section className="verdicts" data-testid="verdicts" aria-labelledby="verdicts-title">
      <h4 id="verdicts-title">{t("verdicts.title")}</h4>
      {verdicts.length === 0 ? (
        <p className="muted">{t("verdicts.none")}</p>
      ) : (
        <div className="verdicts__grid">
          {orderVerdicts(verdicts).map((verdict) => (
            <VerdictCard key={verdict.version.id} verdict={verdict} />
          ))}
        </div>
      )}
    </section>
  );
}

export function VerdictBadge({ verdict }: { verdict: string }) {
  const label = useCodeLabel();
  return (
    <span className={`verdict-badge verdict-badge--${verdict}`} data-testid="verdict-badge">
      {label("verdict", verdict)}
    </span>
  );
}

function VerdictCard({ verdict }: { verdict: Verdict }) {
  const { t, language } = useScreeningT();
  return (
    <article className="verdicts__card" data-testid={`verdict-${verdict.rulebook.kind}`}>
      <header>
        <strong>{localName(verdict.rulebook, language)}</strong>{" "}
        <span className="muted">{t("verdicts.version", { number: verdict.version.number })}</span>
        <div>
          <VerdictBadge verdict={verdict.verdict} />{" "}
          <span className="muted">{verdict.governing ? t("verdicts.governing") : t("verdicts.evidence")}</span>
        </div>
      </header>
      {verdict.findings.length === 0 ? (
        <p className="muted">{t("verdicts.noFinding")}</p>
      ) : (
        <ul className="verdicts__findings">
          {verdict.findings.map((finding) => (
            <FindingItem key={`${finding.rule_id}-${finding.outcome}`} finding={finding} />
          ))}
        </ul>
      )}
    </article>
  );
}

function FindingItem({ finding }: { finding: Finding }) {
  const { t, language } = useScreeningT();
  const label = useCodeLabel();
  return (
    <li className="verdicts__finding" data-testid="finding">
      <div>
        <strong>{label("outcome", finding.outcome)}</strong> — {label("ruleKind", finding.rule_kind)}
        {finding.illustrative && (
          <>
            {" "}
            <span className="illustrative-tag" data-testid="illustrative">
              {t("illustrative.tag")}
            </span>
          </>
        )}
      </div>
      <p>{findingExplanation(finding, language)}</p>
      {finding.outcome === "open" && finding.window.end !== null && (
        <p data-testid="due-by">{t("verdicts.dueBy", { date: formatDate(finding.window.end, language) })}</p>
      )}
      {finding.missing_facts.length > 0 && (
        <p data-testid="missing-facts">
          {t("verdicts.missingFacts", {
            facts: finding.missing_facts.map((fact) => label("fact", fact)).join(", "),
          })}
        </p>
      )}
      <p className="muted">
        {finding.citation !== "" && t("verdicts.citation", { citation: finding.citation })}
        {finding.citation !== "" && " · "}
        {t("verdicts.confidence", { confidence: label("confidence", finding.confidence) })}
      </p>
    </li>
  );
}
