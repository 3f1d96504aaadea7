import { useEffect, useRef, useState } from "react";

import { QueryState } from "@/components/ui/query-state";
import { formatDateLong, formatMad } from "@/lib/format";
import { useCodeLabel, type Language } from "@/lib/i18n";

import { useParticipant, type FactName, type Participant } from "../api/participants";
import { capitalise, FACTS, isKnown } from "../lib/facts";
import { useParticipantsT, type ParticipantsMessageKey } from "../messages";
import { FactForm } from "./fact-form";
import { UnknownBadge } from "./unknown-badge";

type T = (key: ParticipantsMessageKey, values?: Record<string, string | number>) => string;

/** One participant's facts, each with its value, date and source, and a form to change it. */
export function ParticipantFacts({ participantId }: { participantId: string }) {
  const { t } = useParticipantsT();
  const participant = useParticipant(participantId);
  const [editing, setEditing] = useState<FactName | null>(null);
  const [saved, setSaved] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    // Chosen in the list: bring the facts into view (below the list on a phone) and read them out.
    if (participant.isSuccess) {
      heading.current?.focus();
    }
  }, [participant.isSuccess]);

  return (
    <section className="panel participant-facts" aria-labelledby="participant-facts-title" data-testid="participant-facts">
      <QueryState query={participant}>
        {(data) => (
          <>
            <h2 id="participant-facts-title" className="panel__title participant-facts__title" ref={heading} tabIndex={-1}>
              <span data-free-text>{t("facts.title", { name: data.name })}</span>{" "}
              <UnknownBadge count={data.unknown.length} />
            </h2>
            <p className="muted">{t("facts.intro")}</p>
            {saved && (
              <p className="notice notice--done" role="status" data-testid="facts-saved">
                {t("form.saved")}
              </p>
            )}
            <ul className="fact-list">
              {FACTS.map(({ name }) => (
                <FactItem
                  key={name}
                  participant={data}
                  fact={name}
                  editing={editing === name}
                  onEdit={(open) => {
                    setEditing(open ? name : null);
                    setSaved(false);
                  }}
                  onSaved={() => {
                    setEditing(null);
                    setSaved(true);
                  }}
                />
              ))}
            </ul>
          </>
        )}
      </QueryState>
    </section>
  );
}

interface ItemProps {
  participant: Participant;
  fact: FactName;
  editing: boolean;
  onEdit: (open: boolean) => void;
  onSaved: () => void;
}

function FactItem({ participant, fact, editing, onEdit, onSaved }: ItemProps) {
  const { t, language } = useParticipantsT();
  const label = useCodeLabel();
  const name = capitalise(label("fact", fact), language);
  const known = isKnown(participant, fact);
  const source = participant.sources[fact];
  const titleId = `fact-${fact}`;

  return (
    <li className={`fact${known ? "" : " fact--unknown"}`} data-testid={`fact-${fact}`} aria-labelledby={titleId}>
      <div className="fact__head">
        <h3 id={titleId} className="fact__name">
          {name}
        </h3>
        {!editing && (
          <button
            type="button"
            className="button button--quiet fact__edit"
            aria-label={t("fact.editNamed", { fact: name })}
            onClick={() => {
              onEdit(true);
            }}
          >
            {t("fact.edit")}
          </button>
        )}
      </div>
      <p className="fact__value" data-testid="fact-value">
        {known ? (
          <FactValue participant={participant} fact={fact} t={t} language={language} />
        ) : (
          <span className="badge badge--warning">{t("value.unknown")}</span>
        )}
      </p>
      {known && source !== undefined ? (
        <p className="fact__source muted" data-testid="fact-source">
          {t("source.asOf", { date: formatDateLong(source.as_of, language) })} · {t("source.label")}{" "}
          <span data-free-text>{source.source}</span>
        </p>
      ) : (
        !known && <p className="fact__source muted">{t("source.unknown")}</p>
      )}
      {editing && (
        <FactForm
          participant={participant}
          fact={fact}
          name={name}
          onCancel={() => {
            onEdit(false);
          }}
          onSaved={onSaved}
        />
      )}
    </li>
  );
}

function FactValue({ participant, fact, t, language }: { participant: Participant; fact: FactName; t: T; language: Language }) {
  const label = useCodeLabel();
  switch (fact) {
    case "labelled":
      return participant.labelled === true && participant.labelled_on !== null ? (
        <>{t("value.labelledSince", { date: formatDateLong(participant.labelled_on, language) })}</>
      ) : (
        <>{t(participant.labelled === true ? "value.yes" : "value.no")}</>
      );
    case "incorporated_on":
      return <>{formatDateLong(participant.incorporated_on ?? "", language)}</>;
    case "tax_paid_last_fy":
      return <>{formatMad(participant.tax_paid_last_fy ?? "0", language)}</>;
    case "is_cluster_member":
      return <>{label("cluster", participant.cluster)}</>;
    default:
      return <>{t(participant[fact] === true ? "value.yes" : "value.no")}</>;
  }
}
