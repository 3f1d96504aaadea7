import { useState, type SubmitEvent } from "react";

import { QueryState } from "@/components/ui/query-state";
import { SortHeader, type SortState } from "@/components/ui/sort-header";
import { formatDate, formatMoney } from "@/lib/format";
import { useCodeLabel } from "@/lib/i18n";
import { countryName } from "@/lib/regions";

import { useCategories, useDeclarationList, type ListFilters } from "../api/declarations";
import { useDeclarationsT } from "../messages";
import { StatusBadge } from "./status-badge";

const STATUSES = ["received", "converted", "screened", "pending_rate", "withdrawn"] as const;
const CLUSTERS = ["SOLAIRE", "C2TM", "MDC", "CE3M", "MNC", "NONE"] as const;
type Ordering = NonNullable<ListFilters["ordering"]>;

interface Props {
  /** Regulators see every participant, filter by participant and cluster, and only read. */
  regulator?: boolean;
  /** The declaration whose detail is open, if any; the page keeps it in its address. */
  selected: string | null;
  /** A payment just declared: marked until another is. */
  highlighted: string | null;
  onSelect: (id: string | null) => void;
}

function sortOf(ordering: Ordering | undefined): SortState {
  const value = ordering ?? "-value_date";
  return { key: value.replace(/^-/, ""), descending: value.startsWith("-") };
}

/** The declarations list: compact filters, sortable columns, live status badges, "show more". */
export function DeclarationsTable({ regulator = false, selected, highlighted, onSelect }: Props) {
  const { t, language } = useDeclarationsT();
  const label = useCodeLabel();
  const categories = useCategories();
  const [filters, setFilters] = useState<ListFilters>({});
  const [cursor, setCursor] = useState<string | null>(null);
  const list = useDeclarationList(filters, cursor);
  const active = Object.keys(filters).filter((key) => key !== "ordering").length;

  function apply(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: Record<string, string> = {};
    for (const [name, value] of form.entries()) {
      if (typeof value === "string" && value.trim() !== "") {
        next[name] = value.trim();
      }
    }
    setFilters({ ...next, ...(filters.ordering ? { ordering: filters.ordering } : {}) });
    setCursor(null);
  }

  function sortBy(key: string) {
    const current = sortOf(filters.ordering);
    const descending = current.key === key ? !current.descending : true;
    setFilters({ ...filters, ordering: `${descending ? "-" : ""}${key}` as Ordering });
    setCursor(null);
  }

  const nextPage = list.data?.next ?? null;
  const categoryLabel = (code: string) => {
    const category = categories.data?.find((c) => c.code === code);
    return category === undefined ? code : language === "fr" ? category.label_fr : category.label_en;
  };
  const sort = sortOf(filters.ordering);

  return (
    <section className="declarations" aria-labelledby="declarations-title">
      <h2 id="declarations-title" data-testid="declarations-title">
        {regulator ? t("list.regulatorTitle") : t("list.title")}
      </h2>
      <details className="filters" open={regulator || active > 0}>
        <summary>{t("filter.summary", { count: active })}</summary>
        <form
          className="filters__form"
          onSubmit={apply}
          aria-label={t("filter.title")}
          onReset={() => {
            setFilters(filters.ordering ? { ordering: filters.ordering } : {});
            setCursor(null);
          }}
        >
          <label className="filters__field">
            <span>{t("filter.after")}</span>
            <input className="field__input" type="date" name="value_date_after" />
          </label>
          <label className="filters__field">
            <span>{t("filter.before")}</span>
            <input className="field__input" type="date" name="value_date_before" />
          </label>
          <label className="filters__field">
            <span>{t("filter.category")}</span>
            <select className="field__input" name="category" defaultValue="">
              <option value="">{t("filter.any")}</option>
              {(categories.data ?? []).map((c) => (
                <option key={c.code} value={c.code}>
                  {language === "fr" ? c.label_fr : c.label_en}
                </option>
              ))}
            </select>
          </label>
          <label className="filters__field">
            <span>{t("filter.status")}</span>
            <select className="field__input" name="status" defaultValue="">
              <option value="">{t("filter.any")}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {label("declarationStatus", s)}
                </option>
              ))}
            </select>
          </label>
          <label className="filters__field">
            <span>{t("filter.reference")}</span>
            <input className="field__input" type="search" name="reference" />
          </label>
          {regulator && (
            <label className="filters__field">
              <span>{t("filter.cluster")}</span>
              <select className="field__input" name="cluster" defaultValue="">
                <option value="">{t("filter.any")}</option>
                {CLUSTERS.map((c) => (
                  <option key={c} value={c}>
                    {label("cluster", c)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <div className="filters__actions">
            <button type="submit" className="button">
              {t("filter.apply")}
            </button>
            <button type="reset" className="button button--quiet">
              {t("filter.reset")}
            </button>
          </div>
        </form>
      </details>
      <QueryState
        query={list}
        isEmpty={(data) => data.results.length === 0}
        empty={<p className="muted">{active > 0 ? t("list.empty") : t("list.none")}</p>}
      >
        {(data) => (
          <div className="table-scroll">
            <table className="table declarations__table" data-testid="declarations-table">
              <thead>
                <tr>
                  <th scope="col">{t("list.reference")}</th>
                  {regulator && <th scope="col">{t("list.participant")}</th>}
                  <SortHeader label={t("list.valueDate")} sortKey="value_date" sort={sort} onSort={sortBy} />
                  <th scope="col" className="col--wide">
                    {t("list.category")}
                  </th>
                  <SortHeader label={t("list.amount")} sortKey="amount" sort={sort} onSort={sortBy} numeric />
                  <th scope="col" className="col--wide">
                    {t("list.counterparty")}
                  </th>
                  <th scope="col">{t("list.status")}</th>
                </tr>
              </thead>
              <tbody>
                {data.results.map((row) => (
                  <tr
                    key={row.id}
                    data-testid={`declaration-row-${row.reference}`}
                    aria-current={selected === row.id || undefined}
                    className={row.id === highlighted ? "row--new" : undefined}
                  >
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => {
                          onSelect(row.id);
                        }}
                      >
                        {row.reference}
                      </button>
                      {row.version > 1 && <span className="muted"> {t("list.versionShort", { version: row.version })}</span>}
                    </td>
                    {regulator && <td>{row.organisation.name}</td>}
                    <td className="nowrap">{formatDate(row.value_date, language)}</td>
                    <td className="col--wide">{categoryLabel(row.category)}</td>
                    <td className="table__number">{formatMoney(row.amount.amount, row.amount.currency, language)}</td>
                    <td className="col--wide">
                      {row.counterparty.name} ({countryName(row.counterparty.country, language)})
                    </td>
                    <td>
                      <StatusBadge status={row.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
      {nextPage && (
        <button
          type="button"
          className="button"
          onClick={() => {
            setCursor(nextPage);
          }}
        >
          {t("list.more")}
        </button>
      )}
    </section>
  );
}
