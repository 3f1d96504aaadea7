import { useId, useState } from "react";

import { Alert } from "@/components/ui/alert";
import { TableScroll } from "@/components/ui/table-scroll";
import { errorMessage } from "@/lib/error-message";

import { useRatesOfDate } from "../api/rates";
import { formatDate, formatRateValue } from "@/lib/format";
import { useCodeLabel } from "@/lib/i18n";

import { TABLE_CURRENCIES } from "../lib/page";
import { useRatesT } from "../messages";

/** The rate of one date for the usual currencies, as a declaration of that date would get it. */
export function RatesTable({ initialDate }: { initialDate: string }) {
  const { t, language } = useRatesT();
  const label = useCodeLabel();
  const [date, setDate] = useState(initialDate);
  const inputId = useId();
  const results = useRatesOfDate(TABLE_CURRENCIES, date);

  return (
    <section className="panel" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`} className="panel__title">
        {t("rates.table.title")}
      </h2>
      <div className="field rates-date">
        <label className="field__label" htmlFor={inputId}>
          {t("rates.table.date")}
        </label>
        <input
          id={inputId}
          className="field__input"
          type="date"
          value={date}
          onChange={(event) => {
            if (event.target.value !== "") {
              setDate(event.target.value);
            }
          }}
        />
      </div>
      <TableScroll label={t("rates.table.title")}>
      <table className="rates-table" data-testid="rates-table">
        <thead>
          <tr>
            <th scope="col">{t("rates.table.currency")}</th>
            <th scope="col">{t("rates.table.rateDate")}</th>
            <th scope="col">{t("rates.table.madPerUnit")}</th>
            <th scope="col">{t("rates.table.source")}</th>
            <th scope="col">{t("rates.table.method")}</th>
          </tr>
        </thead>
        <tbody>
          {TABLE_CURRENCIES.map((currency, index) => {
            const result = results[index];
            if (result === undefined || result.isPending) {
              return (
                <tr key={currency}>
                  <th scope="row">{currency}</th>
                  <td colSpan={4} className="muted">
                    {t("app.loading")}
                  </td>
                </tr>
              );
            }
            if (result.isError) {
              return (
                <tr key={currency}>
                  <th scope="row">{currency}</th>
                  <td colSpan={4}>
                    <Alert>{errorMessage(result.error, t)}</Alert>
                  </td>
                </tr>
              );
            }
            const rate = result.data;
            if (rate === null) {
              return (
                <tr key={currency} data-testid={`rate-row-${currency}`}>
                  <th scope="row">{currency}</th>
                  <td colSpan={4} className="muted">
                    {t("rates.table.noRate")}
                  </td>
                </tr>
              );
            }
            return (
              <tr key={currency} data-testid={`rate-row-${currency}`}>
                <th scope="row">{currency}</th>
                <td>{formatDate(rate.rate_date, language)}</td>
                <td className="rates-table__number">{formatRateValue(rate.mad_per_unit, language)}</td>
                <td>{label("rateSource", rate.source)}</td>
                <td>
                  {label("rateMethod", rate.method)}
                  <span className="rates-table__why">{rate.explanation[language]}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      </TableScroll>
    </section>
  );
}
