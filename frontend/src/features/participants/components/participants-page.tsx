import { useState } from "react";
import { useSearchParams } from "react-router";

import { QueryState } from "@/components/ui/query-state";
import { useCodeLabel, useDocumentTitle } from "@/lib/i18n";

import { useParticipants, type Participant } from "../api/participants";
import { useParticipantsT } from "../messages";
import { ParticipantFacts } from "./participant-facts";
import { UnknownBadge } from "./unknown-badge";
import "../participants.css";

const SELECTED = "participant";
const UNKNOWN_ONLY = "unknown";

/**
 * The regulators' participants page: who is in the sandbox, which facts the rules read about
 * each are still unknown, and for the one chosen every fact with its date and source, editable.
 */
export function ParticipantsPage() {
  const { t } = useParticipantsT();
  useDocumentTitle("areas.participants");
  const [params, setParams] = useSearchParams();
  const selected = params.get(SELECTED);
  // Held here too: the address changes in a transition, and the box must follow the click at once.
  const [unknownOnly, setUnknownOnly] = useState(params.get(UNKNOWN_ONLY) === "true");

  function set(name: string, value: string | null) {
    const next = new URLSearchParams(params);
    if (value === null) {
      next.delete(name);
    } else {
      next.set(name, value);
    }
    setParams(next, { replace: true });
  }

  return (
    <article className="page participants">
      <h1 data-testid="participants-title">{t("areas.participants")}</h1>
      <p className="participants__intro" data-testid="participants-intro">
        {t("participants.intro")}
      </p>
      <div className="participants__layout">
        <ParticipantList
          unknownOnly={unknownOnly}
          selected={selected}
          onUnknownOnly={(only) => {
            setUnknownOnly(only);
            set(UNKNOWN_ONLY, only ? "true" : null);
          }}
          onSelect={(id) => {
            set(SELECTED, id);
          }}
        />
        {selected === null ? (
          <p className="panel participants__choose muted">{t("participants.choose")}</p>
        ) : (
          <ParticipantFacts key={selected} participantId={selected} />
        )}
      </div>
    </article>
  );
}

interface ListProps {
  unknownOnly: boolean;
  selected: string | null;
  onUnknownOnly: (only: boolean) => void;
  onSelect: (id: string) => void;
}

function ParticipantList({ unknownOnly, selected, onUnknownOnly, onSelect }: ListProps) {
  const { t } = useParticipantsT();
  const list = useParticipants(unknownOnly);

  return (
    <section className="panel participants__list" aria-labelledby="participants-list-title">
      <h2 id="participants-list-title" className="panel__title">
        {t("participants.listTitle")}
      </h2>
      <label className="field--inline participants__filter">
        <input
          type="checkbox"
          data-testid="participants-unknown-only"
          checked={unknownOnly}
          onChange={(event) => {
            onUnknownOnly(event.target.checked);
          }}
        />
        <span>{t("participants.unknownOnly")}</span>
      </label>
      <QueryState
        query={{ ...list, data: list.data?.pages }}
        isEmpty={(pages) => pages.every((page) => page.results.length === 0)}
        empty={<p>{t(unknownOnly ? "participants.emptyUnknown" : "participants.empty")}</p>}
      >
        {(pages) => (
          <div className="table-scroll">
            <table className="table participants__table" data-testid="participants-table">
              <thead>
                <tr>
                  <th scope="col">{t("participants.name")}</th>
                  <th scope="col">{t("participants.cluster")}</th>
                  <th scope="col">{t("participants.unknownFacts")}</th>
                </tr>
              </thead>
              <tbody>
                {pages
                  .flatMap((page) => page.results)
                  .map((participant) => (
                    <ParticipantRow
                      key={participant.id}
                      participant={participant}
                      selected={participant.id === selected}
                      onSelect={onSelect}
                    />
                  ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
      {list.hasNextPage && (
        <button
          type="button"
          className="button"
          disabled={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {t("participants.more")}
        </button>
      )}
    </section>
  );
}

function ParticipantRow({
  participant,
  selected,
  onSelect,
}: {
  participant: Participant;
  selected: boolean;
  onSelect: (id: string) => void;
}) {
  const { t } = useParticipantsT();
  const label = useCodeLabel();
  return (
    <tr
      data-testid={`participant-row-${participant.name}`}
      className={selected ? "participants__row--selected" : undefined}
      aria-current={selected || undefined}
    >
      <td>
        <button
          type="button"
          className="link-button"
          data-free-text
          onClick={() => {
            onSelect(participant.id);
          }}
        >
          {participant.name}
        </button>
        {selected && <span className="visually-hidden"> {t("participants.selected")}</span>}
      </td>
      <td>{participant.cluster === "" ? t("participants.clusterUnknown") : label("cluster", participant.cluster)}</td>
      <td>
        <UnknownBadge count={participant.unknown.length} />
      </td>
    </tr>
  );
}
