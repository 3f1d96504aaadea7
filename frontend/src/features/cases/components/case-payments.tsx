import { useState } from "react";
import { Link } from "react-router";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { formatDate, formatDateTime, formatMad, formatMoney } from "@/lib/format";

import { useCaseContributing, useCasePayments, type CaseDetail, type CasePayment } from "../api/cases";
import { breachText } from "../lib/breach";
import { useCasesT } from "../messages";

/** The payments a cumulative case holds, in the order they joined it: date, reference, MAD
 * amount, when each was attached and whether the decision covers it. The case brings the
 * first ones; the rest load page by page. */
export function CasePayments({ kase }: { kase: CaseDetail }) {
  const { t, language } = useCasesT();
  const [all, setAll] = useState(false);
  const pages = useCasePayments(kase.id, all);
  const rows: readonly CasePayment[] = all && pages.data ? pages.data.pages.flatMap((page) => page.results) : kase.payments;
  const hidden = kase.payment_count > kase.payments.length;
  const decided = kase.decided_at !== null;
  return (
    <section className="panel" aria-labelledby="payments-title" data-testid="case-payments">
      <h2 id="payments-title">{t("case.payments")}</h2>
      <p className="muted">{t("case.paymentsIntro", { breach: breachText(kase, language) })}</p>
      {!rows.some((payment) => payment.covered_by_decision) && (
        <p data-testid="case-payments-undecided">{t("case.noDecision")}</p>
      )}
      <div className="table-scroll">
        <table className="table cases-table case-payments-table">
          <thead>
            <tr>
              <th scope="col">{t("case.paymentValueDate")}</th>
              <th scope="col">{t("case.paymentReference")}</th>
              <th scope="col" className="table__number">
                {t("case.paymentAmountMad")}
              </th>
              <th scope="col" className="col--wide">
                {t("case.paymentAttached")}
              </th>
              {decided && <th scope="col">{t("case.paymentCovered")}</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((payment) => (
              <tr key={payment.declaration.id} data-testid={`case-payment-${payment.declaration.reference}`}>
                <td className="nowrap" data-label={t("case.paymentValueDate")}>
                  {formatDate(payment.declaration.value_date, language)}
                </td>
                <td data-label={t("case.paymentReference")}>
                  <Link to={`/regulator/declarations?declaration=${payment.declaration.id}`}>{payment.declaration.reference}</Link>
                </td>
                <td className="table__number nowrap" data-label={t("case.paymentAmountMad")}>
                  {formatMad(payment.amount_mad.amount, language)}
                </td>
                <td className="col--wide" data-label={t("case.paymentAttached")}>
                  {formatDateTime(payment.attached_at, language)}
                </td>
                {decided && (
                  <td data-testid="case-payment-covered" data-label={t("case.paymentCovered")}>
                    {payment.covered_by_decision ? t("case.covered") : <strong>{t("case.notCovered")}</strong>}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages.error && <Alert>{errorMessage(pages.error, t)}</Alert>}
      {hidden && !all && (
        <button type="button" className="button" onClick={() => { setAll(true); }}>
          {t("case.paymentsAll", { count: kase.payment_count })}
        </button>
      )}
      {all && pages.hasNextPage && (
        <button type="button" className="button" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
          {t("case.paymentsMore")}
        </button>
      )}
    </section>
  );
}

/** Every payment the breach's running total counts, computed by the server when opened (a
 * finding keeps only the latest few): those the case holds are marked. */
export function ContributingPayments({ kase }: { kase: CaseDetail }) {
  const { t, language } = useCasesT();
  const [open, setOpen] = useState(false);
  const pages = useCaseContributing(kase.id, open);
  const rows = (pages.data?.pages ?? []).flatMap((page) => page.results);
  return (
    <details
      className="panel"
      data-testid="case-contributing"
      onToggle={(event) => {
        setOpen(event.currentTarget.open);
      }}
    >
      <summary>{t("case.contributing")}</summary>
      <p className="muted">{t("case.contributingIntro")}</p>
      {pages.error && <Alert>{errorMessage(pages.error, t)}</Alert>}
      {pages.isPending && open && (
        <p className="state" role="status">
          <span className="spinner spinner--small" aria-hidden="true" /> {t("app.loading")}
        </p>
      )}
      {pages.isSuccess && rows.length === 0 && <p>{t("case.contributingNone")}</p>}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="table cases-table">
            <thead>
              <tr>
                <th scope="col">{t("case.paymentValueDate")}</th>
                <th scope="col">{t("case.paymentReference")}</th>
                <th scope="col" className="table__number col--wide">
                  {t("case.contributingAmount")}
                </th>
                <th scope="col" className="table__number">
                  {t("case.paymentAmountMad")}
                </th>
                <th scope="col">{t("case.inCase")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.declaration.id}>
                  <td className="nowrap">{formatDate(row.declaration.value_date, language)}</td>
                  <td>
                    <Link to={`/regulator/declarations?declaration=${row.declaration.id}`}>{row.declaration.reference}</Link>
                  </td>
                  <td className="table__number nowrap col--wide">{formatMoney(row.amount.amount, row.amount.currency, language)}</td>
                  <td className="table__number nowrap">{row.amount_mad === null ? "—" : formatMad(row.amount_mad.amount, language)}</td>
                  <td>{row.in_case ? <strong>{t("case.inCaseYes")}</strong> : t("case.inCaseNo")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages.hasNextPage && (
        <button type="button" className="button" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
          {t("case.paymentsMore")}
        </button>
      )}
    </details>
  );
}
