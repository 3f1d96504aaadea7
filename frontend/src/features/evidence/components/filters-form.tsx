import { useId, useState, type ReactNode, type SyntheticEvent } from "react";

import { useI18n } from "@/lib/i18n";

import type { Measures } from "../api/types";
import { CHANNELS, CLUSTERS, optionsOf, periodError, type EvidenceFilters } from "../lib/filters";
import { clusterName } from "./labels";

interface FiltersFormProps {
  initial: EvidenceFilters;
  /** Measures over the period only: the values the other filters can take. */
  options: Measures | undefined;
  onApply: (filters: EvidenceFilters) => void;
  onReset: () => void;
}

/** The period and the population; applied on submit so each change is one request, not many. */
export function FiltersForm({ initial, options, onApply, onReset }: FiltersFormProps) {
  const { t, language } = useI18n();
  const [draft, setDraft] = useState(initial);
  const set = (field: keyof EvidenceFilters) => (event: { target: { value: string } }) => {
    setDraft({ ...draft, [field]: event.target.value });
  };
  const badPeriod = periodError(draft);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!badPeriod) {
      onApply(draft);
    }
  };
  const tables = options?.tables;
  const choices = (field: "category" | "sector" | "country", table: "by_category" | "by_country" | "none") =>
    optionsOf(table === "none" ? [] : (tables?.[table] ?? []), field, draft[field]);

  return (
    <form className="panel evidence-filters" onSubmit={submit} aria-labelledby="evidence-filters-title">
      <h2 id="evidence-filters-title" className="panel__title">
        {t("evidence.filters.title")}
      </h2>
      <div className="evidence-filters__grid">
        <Field label={t("evidence.filters.from")}>
          {(id) => (
            <input id={id} type="date" value={draft.date_from} onChange={set("date_from")} required />
          )}
        </Field>
        <Field label={t("evidence.filters.to")}>
          {(id) => (
            <input id={id} type="date" value={draft.date_to} onChange={set("date_to")} required aria-invalid={badPeriod} />
          )}
        </Field>
        <Field label={t("evidence.filters.cluster")}>
          {(id) => (
            <select id={id} value={draft.cluster} onChange={set("cluster")}>
              <option value="">{t("evidence.filters.any")}</option>
              {CLUSTERS.map((code) => (
                <option key={code} value={code}>
                  {clusterName(code, language)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("evidence.filters.sector")}>
          {(id) => (
            <select id={id} value={draft.sector} onChange={set("sector")}>
              <option value="">{t("evidence.filters.any")}</option>
              {choices("sector", "none").map((value) => (
                <option key={value}>{value}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("evidence.filters.region")}>
          {(id) => (
            <input id={id} value={draft.region} onChange={set("region")} maxLength={100} />
          )}
        </Field>
        <Field label={t("evidence.filters.category")}>
          {(id) => (
            <select id={id} value={draft.category} onChange={set("category")}>
              <option value="">{t("evidence.filters.any")}</option>
              {choices("category", "by_category").map((value) => (
                <option key={value}>{value}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("evidence.filters.channel")}>
          {(id) => (
            <select id={id} value={draft.channel} onChange={set("channel")}>
              <option value="">{t("evidence.filters.any")}</option>
              {CHANNELS.map((channel) => (
                <option key={channel} value={channel}>
                  {t(`evidence.channel.${channel}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("evidence.filters.country")}>
          {(id) => (
            <select id={id} value={draft.country} onChange={set("country")}>
              <option value="">{t("evidence.filters.any")}</option>
              {choices("country", "by_country").map((value) => (
                <option key={value}>{value}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("evidence.filters.labelled")}>
          {(id) => (
            <select id={id} value={draft.labelled} onChange={set("labelled")}>
              <option value="">{t("evidence.filters.any")}</option>
              <option value="true">{t("evidence.filters.labelledYes")}</option>
              <option value="false">{t("evidence.filters.labelledNo")}</option>
            </select>
          )}
        </Field>
        <Field label={t("evidence.filters.cohort")}>
          {(id) => (
            <input id={id} value={draft.cohort} onChange={set("cohort")} placeholder="UUID" />
          )}
        </Field>
      </div>
      {badPeriod && <p className="field__errors">{t("evidence.filters.badPeriod")}</p>}
      <div className="evidence-filters__actions">
        <button type="submit" className="button button--primary" disabled={badPeriod}>
          {t("evidence.filters.apply")}
        </button>
        <button
          type="button"
          className="button button--quiet"
          onClick={() => {
            onReset();
          }}
        >
          {t("evidence.filters.reset")}
        </button>
      </div>
    </form>
  );
}

/** A labelled control; the label names the control alone (not its current value too). */
function Field({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children(id)}
    </div>
  );
}
