import { useState } from "react";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { useI18n } from "@/lib/i18n";

import {
  exportUrl,
  useAutoAssign,
  useBulkAssign,
  useCaseQueue,
  useReviewers,
  type CaseRow,
  type QueueFilters,
} from "../api/cases";
import { formatDateTime, useCasesT, type CasesMessageKey } from "../lib/i18n";
import { CaseBadges } from "./case-badges";

const STATES = ["open", "in_review", "awaiting_startup", "decided", "closed", "reopened"] as const;
const CLUSTERS = ["SOLAIRE", "C2TM", "MDC", "CE3M", "MNC", "NONE"] as const;
const ORDERINGS = ["priority", "due_at", "-amount_mad", "-opened_at"] as const;
// What a regulator opens the queue on: the work still to do, most urgent first.
const DEFAULT_FILTERS: QueueFilters = { state: ["open", "in_review", "awaiting_startup", "reopened"] };

/** The regulator's queue: filters, priority and overdue badges, bulk and automatic assignment. */
export function CaseQueue({ onOpen }: { onOpen: (id: string) => void }) {
  const { t, language } = useI18n();
  const { c } = useCasesT();
  const [filters, setFilters] = useState<QueueFilters>(DEFAULT_FILTERS);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [bulkAssignee, setBulkAssignee] = useState("");
  const queue = useCaseQueue(filters);
  const reviewers = useReviewers();
  const bulk = useBulkAssign();
  const auto = useAutoAssign();
  const rows: CaseRow[] = queue.data?.results ?? [];

  function set(name: keyof QueueFilters, value: string) {
    setSelected(new Set());
    setFilters((current) => {
      const entries: [string, unknown][] = Object.entries(current).filter(([key]) => key !== name);
      if (value !== "") {
        entries.push([name, name === "state" ? [value] : name === "priority" ? [Number(value)] : value]);
      }
      return Object.fromEntries(entries);
    });
  }

  function toggle(id: string) {
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) {
        next.delete(id);
      } else {
        next.add(id);
      }
      return next;
    });
  }

  function assignSelection() {
    const chosen = rows.filter((row) => selected.has(row.id));
    bulk.mutate(
      { assignee: bulkAssignee === "" ? null : bulkAssignee, cases: chosen },
      { onSuccess: () => { setSelected(new Set()); } },
    );
  }

  return (
    <section className="panel" aria-labelledby="queue-title">
      <h1 id="queue-title">{c("queue.title")}</h1>
      <p className="muted">{c("queue.intro")}</p>
      <div className="form cases-filters" role="search">
        <label className="field">
          <span className="field__label">{c("queue.state")}</span>
          <select
            className="field__input"
            data-testid="filter-state"
            value={filters.state?.length === 1 ? filters.state[0] : ""}
            onChange={(e) => { set("state", e.target.value); }}
          >
            <option value="">{c("queue.any")}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {c(`state.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{c("queue.priority")}</span>
          <select className="field__input" onChange={(e) => { set("priority", e.target.value); }} defaultValue="">
            <option value="">{c("queue.any")}</option>
            {[1, 2, 3, 4].map((p) => (
              <option key={p} value={p}>
                {c(`priority.${p}` as CasesMessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{c("queue.assignee")}</span>
          <select className="field__input" onChange={(e) => { set("assignee", e.target.value); }} defaultValue="">
            <option value="">{c("queue.any")}</option>
            <option value="me">{c("queue.me")}</option>
            <option value="none">{c("queue.none")}</option>
            {(reviewers.data ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{c("queue.overdue")}</span>
          <select className="field__input" onChange={(e) => { set("overdue", e.target.value); }} defaultValue="">
            <option value="">{c("queue.any")}</option>
            <option value="true">{c("queue.yes")}</option>
            <option value="false">{c("queue.no")}</option>
          </select>
        </label>
        <label className="field">
          <span className="field__label">{c("queue.cluster")}</span>
          <select className="field__input" onChange={(e) => { set("cluster", e.target.value); }} defaultValue="">
            <option value="">{c("queue.any")}</option>
            {CLUSTERS.map((cl) => (
              <option key={cl} value={cl}>
                {cl}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{c("queue.rule")}</span>
          <input className="field__input" onChange={(e) => { set("rule_id", e.target.value.trim()); }} />
        </label>
        <label className="field">
          <span className="field__label">{c("queue.ordering")}</span>
          <select className="field__input" onChange={(e) => { set("ordering", e.target.value); }} defaultValue="priority">
            {ORDERINGS.map((o) => (
              <option key={o} value={o}>
                {c(`order.${o}`)}
              </option>
            ))}
          </select>
        </label>
      </div>

      <div className="cases-toolbar">
        <label className="field">
          <span className="field__label">{c("queue.bulkAssign")}</span>
          <select
            className="field__input"
            data-testid="bulk-assignee"
            value={bulkAssignee}
            onChange={(e) => { setBulkAssignee(e.target.value); }}
          >
            <option value="">{c("queue.none")}</option>
            {(reviewers.data ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button button--primary"
          disabled={selected.size === 0 || bulk.isPending}
          onClick={assignSelection}
        >
          {c("queue.bulkAssignSubmit", { count: selected.size })}
        </button>
        <button type="button" className="button" disabled={auto.isPending} onClick={() => { auto.mutate(); }}>
          {c("queue.autoAssign")}
        </button>
        <a className="button button--quiet" href={exportUrl(filters)} download>
          {c("queue.export")}
        </a>
      </div>
      {auto.data && <p role="status">{c("queue.autoAssigned", { count: auto.data.assigned })}</p>}
      {bulk.error && <Alert>{errorMessage(bulk.error, t)}</Alert>}
      {queue.error && <Alert>{errorMessage(queue.error, t)}</Alert>}

      {rows.length === 0 && !queue.isPending ? (
        <p>{c("queue.empty")}</p>
      ) : (
        <table className="cases-table" data-testid="case-queue">
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col">{c("queue.reference")}</th>
              <th scope="col">{c("queue.participant")}</th>
              <th scope="col">{c("queue.amount")}</th>
              <th scope="col">{c("queue.rules")}</th>
              <th scope="col">{c("queue.state")}</th>
              <th scope="col">{c("queue.assignee")}</th>
              <th scope="col">{c("queue.due")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-testid={`case-row-${row.declaration.reference}`}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={c("queue.select", { reference: row.declaration.reference })}
                    checked={selected.has(row.id)}
                    onChange={() => { toggle(row.id); }}
                  />
                </td>
                <td>
                  <button type="button" className="button button--quiet" onClick={() => { onOpen(row.id); }}>
                    {row.declaration.reference}
                  </button>
                </td>
                <td>{row.participant.name}</td>
                <td className="cases-table__amount">{row.amount_mad.amount}</td>
                <td>{row.rules.join(", ")}</td>
                <td>
                  <CaseBadges state={row.state} priority={row.priority} overdue={row.overdue} outcome={row.outcome} />
                </td>
                <td>{row.assignee?.username ?? "—"}</td>
                <td>{formatDateTime(row.due_at, language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
