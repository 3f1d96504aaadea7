import { useMemo, type ChangeEvent, type ReactNode } from "react";

import { Combobox } from "@/components/forms/combobox";
import { TextField } from "@/components/ui/text-field";
import { parseAmount } from "@/lib/amount";
import { formatDateLong, formatMad, formatMoney, formatRateValue, todayIso } from "@/lib/format";
import { useCodeLabel } from "@/lib/i18n";
import { useRateOfDate, useReferenceData } from "@/lib/reference-data";
import { namedCountries, namedCurrencies } from "@/lib/regions";
import { multiplyDecimal } from "@/lib/amount";

import { useCategories, type Category } from "../api/declarations";
import type { FormValues } from "../lib/form";
import { useDeclarationsT } from "../messages";

type Change = (event: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => void;

interface Props {
  values: FormValues;
  onChange: Change;
  /** Sets one field to a value (the pickers hand back a code, not an event). */
  onPick: (name: keyof FormValues, value: string) => void;
  errorsFor: (field: string, input: string) => string[];
  /** Planned payments may lie ahead; declared ones may not. */
  allowFuture?: boolean;
}

/**
 * The fields that describe a payment, shared by the declaration form and the simulator: the
 * category explained in plain words, amounts read in the reader's conventions with what will be
 * recorded said back at once, and countries and currencies picked by name in their language.
 */
export function PaymentFields({ values, onChange, onPick, errorsFor, allowFuture = false }: Props) {
  const { t, language } = useDeclarationsT();
  const label = useCodeLabel();
  const categories = useCategories();
  const reference = useReferenceData();
  const countries = useMemo(() => namedCountries(reference.data?.countries ?? [], language), [reference.data, language]);
  const currencies = useMemo(
    () => namedCurrencies((reference.data?.currencies ?? []).map((c) => c.code), language),
    [reference.data, language],
  );
  const selected = categories.data?.find((c) => c.code === values.category);
  const incoming = values.direction === "incoming";
  return (
    <>
      <SelectField label={t("declare.direction")} name="direction" value={values.direction} onChange={onChange} errors={errorsFor("direction", "direction")}>
        <option value="outgoing">{label("direction", "outgoing")}</option>
        <option value="incoming">{label("direction", "incoming")}</option>
      </SelectField>
      <SelectField
        label={t("declare.category")}
        name="category"
        value={values.category}
        onChange={onChange}
        errors={errorsFor("category", "category")}
        hint={<CategoryHelp category={selected} />}
      >
        <option value="">{t("declare.category.choose")}</option>
        {(categories.data ?? []).map((c) => (
          <option key={c.code} value={c.code}>
            {language === "fr" ? c.label_fr : c.label_en}
          </option>
        ))}
      </SelectField>
      <SelectField label={t("declare.channel")} name="channel" value={values.channel} onChange={onChange} errors={errorsFor("channel", "channel")}>
        <option value="card">{label("channel", "card")}</option>
        <option value="transfer">{label("channel", "transfer")}</option>
        <option value="other">{label("channel", "other")}</option>
      </SelectField>
      {!incoming && (
        <SelectField label={t("declare.paymentKind")} name="payment_kind" value={values.payment_kind} onChange={onChange} errors={errorsFor("payment_kind", "payment_kind")}>
          <option value="settlement">{label("paymentKind", "settlement")}</option>
          <option value="advance">{label("paymentKind", "advance")}</option>
        </SelectField>
      )}
      <TextField
        label={t("declare.amount")}
        name="amount"
        value={values.amount}
        onChange={onChange}
        inputMode="decimal"
        autoComplete="off"
        errors={errorsFor("amount.amount", "amount")}
      />
      <Combobox
        label={t("declare.currency")}
        name="currency"
        value={values.currency}
        options={currencies}
        onChange={(code) => {
          onPick("currency", code);
        }}
        errors={errorsFor("amount.currency", "currency")}
        testId="currency-picker"
      />
      <TextField
        label={t("declare.valueDate")}
        name="value_date"
        type="date"
        value={values.value_date}
        onChange={onChange}
        max={allowFuture ? undefined : todayIso()}
        errors={errorsFor("value_date", "value_date")}
      />
      {!incoming && values.payment_kind === "advance" && (
        <>
          <TextField
            label={t("declare.contractAmount")}
            name="contract_amount"
            value={values.contract_amount}
            onChange={onChange}
            inputMode="decimal"
            errors={errorsFor("contract_amount.amount", "contract_amount")}
          />
          <TextField
            label={t("declare.subscriptionMonths")}
            name="subscription_months"
            value={values.subscription_months}
            onChange={onChange}
            inputMode="numeric"
            errors={errorsFor("subscription_months", "subscription_months")}
          />
        </>
      )}
      <TextField
        label={t("declare.counterpartyName")}
        name="counterparty_name"
        value={values.counterparty_name}
        onChange={onChange}
        maxLength={200}
        errors={errorsFor("counterparty.name", "counterparty_name")}
      />
      <Combobox
        label={t("declare.counterpartyCountry")}
        name="counterparty_country"
        value={values.counterparty_country}
        options={countries}
        onChange={(code) => {
          onPick("counterparty_country", code);
        }}
        errors={errorsFor("counterparty.country", "counterparty_country")}
        testId="country-picker"
      />
      <AmountPreview amount={values.amount} currency={values.currency} date={values.value_date} />
    </>
  );
}

function CategoryHelp({ category }: { category: Category | undefined }) {
  const { t, language } = useDeclarationsT();
  return (
    <span data-testid="category-help">
      {category === undefined ? t("declare.categoryHelp") : language === "fr" ? category.help_fr : category.help_en}
    </span>
  );
}

/**
 * What the form will record, said back as the reader types: the amount as read in their
 * language, and its equivalent in dirhams at the rate a payment of that day gets.
 */
export function AmountPreview({ amount, currency, date }: { amount: string; currency: string; date: string }) {
  const { t, language } = useDeclarationsT();
  const label = useCodeLabel();
  const parsed = parseAmount(amount, language);
  const rate = useRateOfDate(currency, date, parsed.ok);
  if (!parsed.ok || !/^[A-Z]{3}$/.test(currency)) {
    return null;
  }
  let conversion: ReactNode;
  if (date === "") {
    conversion = t("preview.chooseDate");
  } else if (rate.isPending) {
    conversion = t("preview.loading");
  } else if (rate.data === null || rate.data === undefined) {
    conversion = t("preview.noRate", { date: formatDateLong(date, language) });
  } else {
    conversion = t("preview.rate", {
      mad: formatMad(multiplyDecimal(parsed.value, rate.data.mad_per_unit), language),
      date: formatDateLong(rate.data.rate_date, language),
      currency,
      rate: formatRateValue(rate.data.mad_per_unit, language),
      source: label("rateSource", rate.data.source),
      method: label("rateMethod", rate.data.method).toLocaleLowerCase(language),
    });
  }
  return (
    <div className="preview" role="status" aria-live="polite" data-testid="amount-preview">
      <p className="preview__title">{t("preview.title")}</p>
      <p data-testid="amount-recorded">{t("preview.amount", { amount: formatMoney(parsed.value, currency, language) })}</p>
      <p data-testid="amount-mad">{conversion}</p>
    </div>
  );
}

interface SelectFieldProps {
  label: string;
  name: string;
  value: string;
  onChange: (event: ChangeEvent<HTMLSelectElement>) => void;
  errors: readonly string[];
  hint?: ReactNode;
  children: ReactNode;
}

export function SelectField({ label, name, value, onChange, errors, hint, children }: SelectFieldProps) {
  const id = `select-${name}`;
  const errorId = `${id}-errors`;
  const hintId = `${id}-hint`;
  const describedBy = [hint !== undefined ? hintId : null, errors.length > 0 ? errorId : null].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        name={name}
        className="field__input"
        value={value}
        onChange={onChange}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={describedBy || undefined}
      >
        {children}
      </select>
      {hint !== undefined && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {errors.length > 0 && (
        <ul className="field__errors" id={errorId}>
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
