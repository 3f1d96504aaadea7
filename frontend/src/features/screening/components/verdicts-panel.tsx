import type { Finding, Verdict } from "../api/screening";
import { findingExplanation, orderVerdicts } from "../lib/verdicts";
import { type ScreeningMessageKey, useScreeningT } from "../lib/i18n";
import "../screening.css";

/** Both rulebooks' verdicts side by side: badge, findings with explanation, citation, confidence. */
export function VerdictsPanel({ verdicts }: { verdicts: readonly Verdict[] }) {
  const { s } = useScreeningT();
  return (
    <section className="verdicts" data-testid="verdicts" aria-labelledby="verdicts-title">
      <h4 id="verdicts-title">{s("verdicts.title")}</h4>
      {verdicts.length === 0 ? (
        <p className="muted">{s("verdicts.none")}</p>
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
  const { s } = useScreeningT();
  return (
    <span className={`verdict-badge verdict-badge--${verdict}`} data-testid="verdict-badge">
      {s(`verdict.${verdict}` as ScreeningMessageKey)}
    </span>
  );
}

function VerdictCard({ verdict }: { verdict: Verdict }) {
  const { s } = useScreeningT();
  return (
    <article className="verdicts__card" data-testid={`verdict-${verdict.rulebook.kind}`}>
      <header>
        <strong>{verdict.rulebook.name}</strong>{" "}
        <span className="muted">{s("verdicts.version", { number: verdict.version.number })}</span>
        <div>
          <VerdictBadge verdict={verdict.verdict} />{" "}
          <span className="muted">{verdict.governing ? s("verdicts.governing") : s("verdicts.evidence")}</span>
        </div>
      </header>
      {verdict.findings.length === 0 ? (
        <p className="muted">{s("verdicts.noFinding")}</p>
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
  const { s, language } = useScreeningT();
  return (
    <li className="verdicts__finding" data-testid="finding">
      <div>
        <strong>{s(`outcome.${finding.outcome}` as ScreeningMessageKey)}</strong> — {finding.rule_id}
        {finding.illustrative && (
          <>
            {" "}
            <span className="illustrative-tag" data-testid="illustrative">
              {s("illustrative.tag")}
            </span>
          </>
        )}
      </div>
      <p>{findingExplanation(finding, language)}</p>
      <p className="muted">
        {finding.citation !== "" && s("verdicts.citation", { citation: finding.citation })}
        {finding.citation !== "" && " · "}
        {s("verdicts.confidence", { confidence: s(`confidence.${finding.confidence}` as ScreeningMessageKey) })}
      </p>
    </li>
  );
}
