import { useState, type SubmitEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { useI18n } from "@/lib/i18n";

import { useCategories, useDeclarationList, type ListFilters } from "../api/declarations";
import { formatAmount, formatDate } from "../lib/format";
import { useDeclarationsT } from "../lib/i18n";
import { DeclarationDetailPanel } from "./declaration-detail";
import { StatusBadge } from "./status-badge";

const STATUSES = ["received", "converted", "screened", "pending_rate", "withdrawn"] as const;
const CLUSTERS = ["SOLAIRE", "C2TM", "MDC", "CE3M", "MNC", "NONE"] as const;

interface Props {
  /** Regulators see every participant, filter by participant and cluster, and only read. */
  regulator?: boolean;
  /** The declaration whose detail is open, if any; the page keeps it in its address. */
  selected: string | null;
  onSelect: (id: string | null) => void;
  /** Said on the open detail (e.g. that it was just amended). */
  notice?: string | null;
}

/** The declarations list: filters, status badges, "show more", and the detail of one row. */
export function DeclarationsTable({ regulator = false, selected, onSelect, notice = null }: Props) {
  const { t, language } = useI18n();
  const { d } = useDeclarationsT();
  const categories = useCategories();
  const [filters, setFilters] = useState<ListFilters>({});
  const [cursor, setCursor] = useState<string | null>(null);
  const list = useDeclarationList(filters, cursor);

  function apply(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: Record<string, string> = {};
    for (const [name, value] of form.entries()) {
      if (typeof value === "string" && value.trim() !== "") {
        next[name] = value.trim();
      }
    }
    setFilters(next);
    setCursor(null);
  }

  const nextPage = list.data?.next ?? null;
  const categoryLabel = (code: string) => {
    const category = categories.data?.find((c) => c.code === code);
    return category === undefined ? code : language === "fr" ? category.label_fr : category.label_en;
  };

  return (
    <section className="declarations" aria-labelledby="declarations-title">
      <h2 id="declarations-title" data-testid="declarations-title">
        {regulator ? d("list.regulatorTitle") : d("list.title")}
      </h2>
      <form className="declarations__filters" onSubmit={apply} aria-label={d("filter.title")} onReset={() => { setFilters({}); setCursor(null); }}>
        <label>
          {d("filter.after")} <input type="date" name="value_date_after" />
        </label>
        <label>
          {d("filter.before")} <input type="date" name="value_date_before" />
        </label>
        <label>
          {d("filter.category")}{" "}
          <select name="category" defaultValue="">
            <option value="">{d("filter.any")}</option>
            {(categories.data ?? []).map((c) => (
              <option key={c.code} value={c.code}>
                {language === "fr" ? c.label_fr : c.label_en}
              </option>
            ))}
          </select>
        </label>
        <label>
          {d("filter.status")}{" "}
          <select name="status" defaultValue="">
            <option value="">{d("filter.any")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {d(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {d("filter.reference")} <input type="search" name="reference" />
        </label>
        {regulator && (
          <>
            <label>
              {d("filter.participant")} <input type="text" name="participant" />
            </label>
            <label>
              {d("filter.cluster")}{" "}
              <select name="cluster" defaultValue="">
                <option value="">{d("filter.any")}</option>
                {CLUSTERS.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        <button type="submit" className="button">{d("filter.apply")}</button>
        <button type="reset" className="button button--quiet">{d("filter.reset")}</button>
      </form>
      {list.isError && <Alert>{errorMessage(list.error, t)}</Alert>}
      {list.isPending && <p className="muted">{t("app.loading")}</p>}
      {list.isSuccess && list.data.results.length === 0 && <p className="muted">{d("list.empty")}</p>}
      {list.isSuccess && list.data.results.length > 0 && (
        <table className="declarations__table" data-testid="declarations-table">
          <thead>
            <tr>
              <th scope="col">{d("list.reference")}</th>
              {regulator && <th scope="col">{d("list.participant")}</th>}
              <th scope="col">{d("list.valueDate")}</th>
              <th scope="col">{d("list.category")}</th>
              <th scope="col" className="declarations__number">{d("list.amount")}</th>
              <th scope="col">{d("list.counterparty")}</th>
              <th scope="col">{d("list.status")}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.results.map((row) => (
              <tr key={row.id} data-testid={`declaration-row-${row.reference}`} aria-selected={selected === row.id}>
                <td>
                  <button type="button" className="button button--quiet" onClick={() => { onSelect(row.id); }}>
                    {row.reference}
                  </button>
                  {row.version > 1 && <span className="muted"> v{row.version}</span>}
                </td>
                {regulator && <td>{row.organisation.name}</td>}
                <td>{formatDate(row.value_date, language)}</td>
                <td>{categoryLabel(row.category)}</td>
                <td className="declarations__number">
                  {formatAmount(row.amount.amount, language)} {row.amount.currency}
                </td>
                <td>
                  {row.counterparty.name} ({row.counterparty.country})
                </td>
                <td>
                  <StatusBadge status={row.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextPage && (
        <button type="button" className="button" onClick={() => { setCursor(nextPage); }}>
          {d("list.more")}
        </button>
      )}
      {selected !== null && (
        <DeclarationDetailPanel id={selected} readOnly={regulator} onClose={() => { onSelect(null); }} onSelect={onSelect} notice={notice} />
      )}
    </section>
  );
}
