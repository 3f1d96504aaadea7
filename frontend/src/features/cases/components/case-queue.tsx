import { useState } from "react";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { useCodeLabel } from "@/lib/i18n";

import {
  exportUrl,
  useAutoAssign,
  useBulkAssign,
  useCaseQueue,
  useReviewers,
  type CaseRow,
  type QueueFilters,
} from "../api/cases";
import { formatDateTime } from "@/lib/format";
import { useCasesT } from "../messages";
import { CaseBadges } from "./case-badges";

const STATES = ["open", "in_review", "awaiting_startup", "decided", "closed", "reopened"] as const;
const CLUSTERS = ["SOLAIRE", "C2TM", "MDC", "CE3M", "MNC", "NONE"] as const;
const ORDERINGS = ["priority", "due_at", "-amount_mad", "-opened_at"] as const;
// What a regulator opens the queue on: the work still to do, most urgent first.
const DEFAULT_FILTERS: QueueFilters = { state: ["open", "in_review", "awaiting_startup", "reopened"] };

/** The regulator's queue: filters, priority and overdue badges, bulk and automatic assignment. */
export function CaseQueue({ onOpen }: { onOpen: (id: string) => void }) {
  const { t, language } = useCasesT();
  const label = useCodeLabel();
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
      <h1 id="queue-title">{t("queue.title")}</h1>
      <p className="muted">{t("queue.intro")}</p>
      <div className="form cases-filters" role="search">
        <label className="field">
          <span className="field__label">{t("queue.state")}</span>
          <select
            className="field__input"
            data-testid="filter-state"
            value={filters.state?.length === 1 ? filters.state[0] : ""}
            onChange={(e) => { set("state", e.target.value); }}
          >
            <option value="">{t("queue.any")}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {label("caseState", s)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t("queue.priority")}</span>
          <select className="field__input" onChange={(e) => { set("priority", e.target.value); }} defaultValue="">
            <option value="">{t("queue.any")}</option>
            {[1, 2, 3, 4].map((p) => (
              <option key={p} value={p}>
                {label("casePriority", p)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t("queue.assignee")}</span>
          <select className="field__input" onChange={(e) => { set("assignee", e.target.value); }} defaultValue="">
            <option value="">{t("queue.any")}</option>
            <option value="me">{t("queue.me")}</option>
            <option value="none">{t("queue.none")}</option>
            {(reviewers.data ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t("queue.overdue")}</span>
          <select className="field__input" onChange={(e) => { set("overdue", e.target.value); }} defaultValue="">
            <option value="">{t("queue.any")}</option>
            <option value="true">{t("queue.yes")}</option>
            <option value="false">{t("queue.no")}</option>
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t("queue.cluster")}</span>
          <select className="field__input" onChange={(e) => { set("cluster", e.target.value); }} defaultValue="">
            <option value="">{t("queue.any")}</option>
            {CLUSTERS.map((cl) => (
              <option key={cl} value={cl}>
                {cl}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t("queue.rule")}</span>
          <input className="field__input" onChange={(e) => { set("rule_id", e.target.value.trim()); }} />
        </label>
        <label className="field">
          <span className="field__label">{t("queue.ordering")}</span>
          <select className="field__input" onChange={(e) => { set("ordering", e.target.value); }} defaultValue="priority">
            {ORDERINGS.map((o) => (
              <option key={o} value={o}>
                {t(`order.${o}`)}
              </option>
            ))}
          </select>
        </label>
      </div>

      <div className="cases-toolbar">
        <label className="field">
          <span className="field__label">{t("queue.bulkAssign")}</span>
          <select
            className="field__input"
            data-testid="bulk-assignee"
            value={bulkAssignee}
            onChange={(e) => { setBulkAssignee(e.target.value); }}
          >
            <option value="">{t("queue.none")}</option>
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
          {t("queue.bulkAssignSubmit", { count: selected.size })}
        </button>
        <button type="button" className="button" disabled={auto.isPending} onClick={() => { auto.mutate(); }}>
          {t("queue.autoAssign")}
        </button>
        <a className="button button--quiet" href={exportUrl(filters)} download>
          {t("queue.export")}
        </a>
      </div>
      {auto.data && <p role="status">{t("queue.autoAssigned", { count: auto.data.assigned })}</p>}
      {bulk.error && <Alert>{errorMessage(bulk.error, t)}</Alert>}
      {queue.error && <Alert>{errorMessage(queue.error, t)}</Alert>}

      {rows.length === 0 && !queue.isPending ? (
        <p>{t("queue.empty")}</p>
      ) : (
        <table className="cases-table" data-testid="case-queue">
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col">{t("queue.reference")}</th>
              <th scope="col">{t("queue.participant")}</th>
              <th scope="col">{t("queue.amount")}</th>
              <th scope="col">{t("queue.rules")}</th>
              <th scope="col">{t("queue.state")}</th>
              <th scope="col">{t("queue.assignee")}</th>
              <th scope="col">{t("queue.due")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-testid={`case-row-${row.declaration.reference}`}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t("queue.select", { reference: row.declaration.reference })}
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
