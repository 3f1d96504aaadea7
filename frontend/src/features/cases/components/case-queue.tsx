import { useState } from "react";
import { useSearchParams } from "react-router";

import { Alert } from "@/components/ui/alert";
import { QueryState } from "@/components/ui/query-state";
import { SortHeader, type SortState } from "@/components/ui/sort-header";
import { errorMessage } from "@/lib/error-message";
import { formatDateTime, formatMad, formatNumber, formatRelative } from "@/lib/format";
import { useCodeLabel } from "@/lib/i18n";

import {
  exportUrl,
  useAutoAssign,
  useBulkAssign,
  useCaseQueue,
  useCaseSummary,
  useReviewers,
  type CaseRow,
  type QueueFilters,
} from "../api/cases";
import { ruleTitle } from "../lib/breach";
import { QUEUE_VIEWS, viewCount, viewFilters, type QueueView } from "../lib/views";
import { useCasesT } from "../messages";
import { CaseBadges } from "./case-badges";

const STATES = ["open", "in_review", "awaiting_startup", "decided", "closed", "reopened"] as const;
const CLUSTERS = ["SOLAIRE", "C2TM", "MDC", "CE3M", "MNC", "NONE"] as const;
type Ordering = NonNullable<QueueFilters["ordering"]>;

/** The filters a URL names: a saved view, then any extra filter and the ordering. */
function useQueueAddress() {
  const [params, setParams] = useSearchParams();
  const view = (QUEUE_VIEWS as readonly string[]).includes(params.get("view") ?? "") ? (params.get("view") as QueueView) : "open";
  const extra: QueueFilters = {};
  const state = params.get("state");
  if (state) {
    extra.state = [state as (typeof STATES)[number]];
  }
  const priority = params.get("priority");
  if (priority) {
    extra.priority = [Number(priority)];
  }
  const cluster = params.get("cluster");
  if (cluster) {
    extra.cluster = cluster as QueueFilters["cluster"];
  }
  const rule = params.get("rule_id");
  if (rule) {
    extra.rule_id = rule;
  }
  const ordering = (params.get("ordering") ?? "priority") as Ordering;
  const filters: QueueFilters = { ...viewFilters(view), ...extra, ordering };
  function set(name: string, value: string | null) {
    const next = new URLSearchParams(params);
    if (value === null || value === "") {
      next.delete(name);
    } else {
      next.set(name, value);
    }
    setParams(next, { replace: true });
  }
  return { view, filters, extra, ordering, set };
}

/** The regulator's queue: saved views with their counts, compact filters, sortable columns,
 * relative due dates, formatted amounts, bulk and automatic assignment. */
export function CaseQueue({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useCasesT();
  const label = useCodeLabel();
  const { view, filters, extra, ordering, set } = useQueueAddress();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [bulkAssignee, setBulkAssignee] = useState("");
  const queue = useCaseQueue(filters);
  const summary = useCaseSummary(filters);
  const reviewers = useReviewers();
  const bulk = useBulkAssign();
  const auto = useAutoAssign();
  const rows: CaseRow[] = (queue.data?.pages ?? []).flatMap((page) => page.results);
  const sort: SortState = { key: ordering.replace(/^-/, ""), descending: ordering.startsWith("-") };
  const extraCount = Object.keys(extra).length;

  function sortBy(key: string) {
    const descending = sort.key === key ? !sort.descending : key === "amount_mad" || key === "opened_at";
    set("ordering", `${descending ? "-" : ""}${key}`);
    setSelected(new Set());
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
    <section className="page cases-queue" aria-labelledby="queue-title">
      <h1 id="queue-title">{t("queue.title")}</h1>
      <p className="muted">{t("queue.intro")}</p>
      <nav className="views" aria-label={t("queue.views")}>
        {QUEUE_VIEWS.map((name) => (
          <button
            key={name}
            type="button"
            className="views__view"
            aria-pressed={view === name}
            data-testid={`view-${name}`}
            onClick={() => {
              set("view", name === "open" ? null : name);
              setSelected(new Set());
            }}
          >
            {t(`view.${name}`)}
            <ViewCount view={name} />
          </button>
        ))}
      </nav>
      <details className="filters" open={extraCount > 0}>
        <summary>{t("queue.moreFilters", { count: extraCount })}</summary>
        <div className="filters__form" role="search">
          <label className="filters__field">
            <span>{t("queue.state")}</span>
            <select className="field__input" data-testid="filter-state" value={extra.state?.[0] ?? ""} onChange={(e) => { set("state", e.target.value); }}>
              <option value="">{t("queue.any")}</option>
              {STATES.map((s) => (
                <option key={s} value={s}>
                  {label("caseState", s)}
                </option>
              ))}
            </select>
          </label>
          <label className="filters__field">
            <span>{t("queue.priority")}</span>
            <select className="field__input" value={extra.priority?.[0] ?? ""} onChange={(e) => { set("priority", e.target.value); }}>
              <option value="">{t("queue.any")}</option>
              {[1, 2, 3, 4].map((p) => (
                <option key={p} value={p}>
                  {label("casePriority", p)}
                </option>
              ))}
            </select>
          </label>
          <label className="filters__field">
            <span>{t("queue.cluster")}</span>
            <select className="field__input" value={extra.cluster ?? ""} onChange={(e) => { set("cluster", e.target.value); }}>
              <option value="">{t("queue.any")}</option>
              {CLUSTERS.map((cl) => (
                <option key={cl} value={cl}>
                  {label("cluster", cl)}
                </option>
              ))}
            </select>
          </label>
          <label className="filters__field">
            <span>{t("queue.rule")}</span>
            <input className="field__input" defaultValue={extra.rule_id ?? ""} onBlur={(e) => { set("rule_id", e.target.value.trim()); }} />
          </label>
        </div>
      </details>

      <div className="cases-toolbar">
        <p className="cases-toolbar__total" role="status" data-testid="queue-total">
          {summary.data !== undefined ? t("queue.total", { count: summary.data.total }) : t("app.loading")}
        </p>
        <label className="filters__field">
          <span>{t("queue.bulkAssign")}</span>
          <select className="field__input" data-testid="bulk-assignee" value={bulkAssignee} onChange={(e) => { setBulkAssignee(e.target.value); }}>
            <option value="">{t("queue.none")}</option>
            {(reviewers.data ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button button--primary" disabled={selected.size === 0 || bulk.isPending} onClick={assignSelection}>
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

      <QueryState
        query={{ ...queue, data: queue.data?.pages }}
        isEmpty={(pages) => pages.every((page) => page.results.length === 0)}
        empty={<p>{t("queue.empty")}</p>}
      >
        {() => (
          <div className="table-scroll">
            <table className="table cases-table" data-testid="case-queue">
              <thead>
                <tr>
                  <th scope="col">
                    <span className="visually-hidden">{t("queue.selectColumn")}</span>
                  </th>
                  <th scope="col">{t("queue.reference")}</th>
                  <th scope="col" className="col--wide">
                    {t("queue.participant")}
                  </th>
                  <SortHeader label={t("queue.amount")} sortKey="amount_mad" sort={sort} onSort={sortBy} numeric />
                  <th scope="col" className="col--wide">
                    {t("queue.rules")}
                  </th>
                  <SortHeader label={t("queue.priority")} sortKey="priority" sort={sort} onSort={sortBy} />
                  <th scope="col" className="col--wide">
                    {t("queue.assignee")}
                  </th>
                  <SortHeader label={t("queue.due")} sortKey="due_at" sort={sort} onSort={sortBy} />
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <QueueRow key={row.id} row={row} selected={selected.has(row.id)} onToggle={toggle} onOpen={onOpen} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
      {queue.hasNextPage && (
        <button type="button" className="button" disabled={queue.isFetchingNextPage} onClick={() => void queue.fetchNextPage()}>
          {t("queue.more")}
        </button>
      )}
    </section>
  );
}

function QueueRow({
  row,
  selected,
  onToggle,
  onOpen,
}: {
  row: CaseRow;
  selected: boolean;
  onToggle: (id: string) => void;
  onOpen: (id: string) => void;
}) {
  const { t, language } = useCasesT();
  const decided = row.outcome !== "";
  return (
    <tr data-testid={`case-row-${row.declaration.reference}`} className={row.overdue ? "row--overdue" : undefined}>
      <td>
        <input
          type="checkbox"
          aria-label={t("queue.select", { reference: row.declaration.reference })}
          checked={selected}
          onChange={() => {
            onToggle(row.id);
          }}
        />
      </td>
      <td>
        <button type="button" className="link-button" onClick={() => { onOpen(row.id); }}>
          {row.declaration.reference}
        </button>
        {row.kind === "cumulative" && (
          <span className="case-row__payments muted" data-testid="case-row-payments">
            {t("queue.payments", { count: row.payment_count })}
          </span>
        )}
      </td>
      <td className="col--wide">{row.participant.name}</td>
      <td className="table__number">{formatMad(row.amount_mad.amount, language)}</td>
      <td className="col--wide">
        {row.rule_titles.map((rule) => (
          <span key={rule.rule_id} className="case-rule">
            {ruleTitle(rule, language)}
          </span>
        ))}
      </td>
      <td>
        <CaseBadges state={row.state} priority={row.priority} overdue={row.overdue} outcome={row.outcome} />
      </td>
      <td className="col--wide">{row.assignee?.username ?? t("case.unassigned")}</td>
      <td className="nowrap">
        {decided ? (
          "—"
        ) : (
          <time dateTime={row.due_at} title={formatDateTime(row.due_at, language)} className={row.overdue ? "overdue" : undefined}>
            {t(row.overdue ? "queue.overdueSince" : "queue.dueIn", { when: formatRelative(row.due_at, language) })}
          </time>
        )}
      </td>
    </tr>
  );
}

/** A view's count, from the unfiltered summary (the same numbers as on the home page). */
function ViewCount({ view }: { view: QueueView }) {
  const { language } = useCasesT();
  const summary = useCaseSummary();
  const count = summary.data === undefined ? null : viewCount(view, summary.data);
  return count === null ? null : <span className="views__count">{formatNumber(count, language)}</span>;
}
