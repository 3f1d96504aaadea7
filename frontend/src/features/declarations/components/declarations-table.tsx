import { useState, type SubmitEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { formatDate, formatMoney } from "@/lib/format";
import { useCodeLabel } from "@/lib/i18n";
import { countryName } from "@/lib/regions";

import { useCategories, useDeclarationList, type ListFilters } from "../api/declarations";
import { useDeclarationsT } from "../messages";
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
  const { t, language } = useDeclarationsT();
  const label = useCodeLabel();
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
        {regulator ? t("list.regulatorTitle") : t("list.title")}
      </h2>
      <form className="declarations__filters" onSubmit={apply} aria-label={t("filter.title")} onReset={() => { setFilters({}); setCursor(null); }}>
        <label>
          {t("filter.after")} <input type="date" name="value_date_after" />
        </label>
        <label>
          {t("filter.before")} <input type="date" name="value_date_before" />
        </label>
        <label>
          {t("filter.category")}{" "}
          <select name="category" defaultValue="">
            <option value="">{t("filter.any")}</option>
            {(categories.data ?? []).map((c) => (
              <option key={c.code} value={c.code}>
                {language === "fr" ? c.label_fr : c.label_en}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("filter.status")}{" "}
          <select name="status" defaultValue="">
            <option value="">{t("filter.any")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {label("declarationStatus", s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("filter.reference")} <input type="search" name="reference" />
        </label>
        {regulator && (
          <>
            <label>
              {t("filter.participant")} <input type="text" name="participant" />
            </label>
            <label>
              {t("filter.cluster")}{" "}
              <select name="cluster" defaultValue="">
                <option value="">{t("filter.any")}</option>
                {CLUSTERS.map((c) => (
                  <option key={c} value={c}>
                    {label("cluster", c)}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        <button type="submit" className="button">{t("filter.apply")}</button>
        <button type="reset" className="button button--quiet">{t("filter.reset")}</button>
      </form>
      {list.isError && <Alert>{errorMessage(list.error, t)}</Alert>}
      {list.isPending && <p className="muted">{t("app.loading")}</p>}
      {list.isSuccess && list.data.results.length === 0 && <p className="muted">{t("list.empty")}</p>}
      {list.isSuccess && list.data.results.length > 0 && (
        <table className="declarations__table" data-testid="declarations-table">
          <thead>
            <tr>
              <th scope="col">{t("list.reference")}</th>
              {regulator && <th scope="col">{t("list.participant")}</th>}
              <th scope="col">{t("list.valueDate")}</th>
              <th scope="col">{t("list.category")}</th>
              <th scope="col" className="declarations__number">{t("list.amount")}</th>
              <th scope="col">{t("list.counterparty")}</th>
              <th scope="col">{t("list.status")}</th>
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
                  {formatMoney(row.amount.amount, row.amount.currency, language)}
                </td>
                <td>
                  {row.counterparty.name} ({countryName(row.counterparty.country, language)})
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
          {t("list.more")}
        </button>
      )}
      {selected !== null && (
        <DeclarationDetailPanel id={selected} readOnly={regulator} onClose={() => { onSelect(null); }} onSelect={onSelect} notice={notice} />
      )}
    </section>
  );
}
