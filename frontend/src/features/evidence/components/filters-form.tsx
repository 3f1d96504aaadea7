import { useId, useState, type ReactNode, type SyntheticEvent } from "react";

import { useCategories } from "@/lib/reference-data";

import { useCohortChoices } from "../api/evidence";
import type { Measures } from "../api/types";
import {
  activeFilters,
  CHANNELS,
  CLUSTERS,
  optionsOf,
  periodError,
  wholeYear,
  yearChoices,
  yearFilters,
  type EvidenceFilters,
  type FilterField,
  type Filtering,
} from "../lib/filters";
import { useEvidenceT } from "../messages";
import { filterLabelKey, useEvidenceLabels } from "./labels";

interface FiltersFormProps {
  initial: EvidenceFilters;
  today: string;
  /** What this reader may filter by, from the measures answer (none until it arrives). */
  filtering: Filtering | undefined;
  /** Measures over the period only: the values the other filters can take. */
  options: Measures | undefined;
  onApply: (filters: EvidenceFilters) => void;
  onReset: () => void;
}

/**
 * The period and the population, offering only what the server accepts from this reader: an
 * advocate picks a whole calendar year and at most one filter; a regulator any period and any
 * filters together. Applied on submit, so each change is one request.
 */
export function FiltersForm(props: FiltersFormProps) {
  const { t } = useEvidenceT();
  const { filtering } = props;
  return (
    <section className="panel evidence-filters" aria-labelledby="evidence-filters-title">
      <h2 id="evidence-filters-title" className="panel__title">
        {t("evidence.filters.title")}
      </h2>
      {filtering === undefined ? (
        <p className="state" role="status" data-testid="evidence-filters-loading">
          <span className="spinner spinner--small" aria-hidden="true" /> {t("evidence.filters.loading")}
        </p>
      ) : filtering.one_at_a_time || filtering.whole_years ? (
        <PublishedFiltersForm {...props} filtering={filtering} />
      ) : (
        <ExactFiltersForm {...props} filtering={filtering} />
      )}
    </section>
  );
}

/** The values a filter can take, as [value, label] pairs in the reader's language. */
function useChoices(options: Measures | undefined, current: EvidenceFilters, cohortsWanted: boolean) {
  const { t } = useEvidenceT();
  const labels = useEvidenceLabels();
  const categories = useCategories();
  const cohorts = useCohortChoices(cohortsWanted);
  const byLabel = (pairs: [string, string][]) => pairs.sort((a, b) => a[1].localeCompare(b[1]));
  return (field: FilterField): [string, string][] | null => {
    switch (field) {
      case "cluster":
        return CLUSTERS.map((code) => [code, labels.cluster(code)]);
      case "channel":
        return CHANNELS.map((code) => [code, labels.value("channel", code)]);
      case "labelled":
        return [
          ["true", t("evidence.filters.labelledYes")],
          ["false", t("evidence.filters.labelledNo")],
        ];
      case "category": {
        const codes = categories.data?.map((category) => category.code) ?? [];
        return byLabel(optionsOf(codes.map((code) => ({ category: code })), "category", current.category).map((code) => [code, labels.category(code)]));
      }
      case "country":
        return byLabel(
          optionsOf(options?.tables.by_country ?? [], "country", current.country).map((code) => [code, labels.country(code)]),
        );
      case "cohort":
        return (cohorts.data?.results ?? []).map((cohort) => [cohort.id, cohort.name]);
      default:
        // Sector and region are written by the participants: typed, not chosen.
        return null;
    }
  };
}

function PublishedFiltersForm({ initial, today, options, filtering, onApply, onReset }: FiltersFormProps & { filtering: Filtering }) {
  const { t } = useEvidenceT();
  const [first] = activeFilters(initial);
  const [year, setYear] = useState(wholeYear(initial) ?? today.slice(0, 4));
  const [field, setField] = useState<FilterField | "">(first?.[0] ?? "");
  const [value, setValue] = useState(first?.[1] ?? "");
  const choices = useChoices(options, initial, false);
  const values = field === "" ? [] : (choices(field) ?? []);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    onApply(yearFilters(year, field, value));
  };
  return (
    <form onSubmit={submit}>
      <p className="muted">{t("evidence.filters.advocateNote")}</p>
      <div className="evidence-filters__grid">
        <Field label={t("evidence.filters.year")}>
          {(id) => (
            <select id={id} className="field__input" value={year} onChange={(event) => { setYear(event.target.value); }}>
              {yearChoices(today).map((choice) => (
                <option key={choice} value={choice}>
                  {choice}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("evidence.filters.dimension")}>
          {(id) => (
            <select
              id={id}
              className="field__input"
              value={field}
              onChange={(event) => {
                setField(event.target.value as FilterField | "");
                setValue("");
              }}
            >
              <option value="">{t("evidence.filters.noDimension")}</option>
              {filtering.filters.map((name) => (
                <option key={name} value={name}>
                  {t(filterLabelKey(name))}
                </option>
              ))}
            </select>
          )}
        </Field>
        {field !== "" && (
          <Field label={t("evidence.filters.value")}>
            {(id) => (
              <select id={id} className="field__input" value={value} onChange={(event) => { setValue(event.target.value); }} required>
                <option value="">{t("evidence.filters.chooseValue")}</option>
                {values.map(([code, label]) => (
                  <option key={code} value={code}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      <Actions onReset={onReset} disabled={false} />
    </form>
  );
}

function ExactFiltersForm({ initial, options, filtering, onApply, onReset }: FiltersFormProps & { filtering: Filtering }) {
  const { t } = useEvidenceT();
  const [draft, setDraft] = useState(initial);
  const set = (field: keyof EvidenceFilters) => (event: { target: { value: string } }) => {
    setDraft({ ...draft, [field]: event.target.value });
  };
  const choices = useChoices(options, draft, filtering.filters.includes("cohort"));
  const badPeriod = periodError(draft);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!badPeriod) {
      onApply(draft);
    }
  };
  return (
    <form onSubmit={submit}>
      <div className="evidence-filters__grid">
        <Field label={t("evidence.filters.from")}>
          {(id) => <input id={id} className="field__input" type="date" value={draft.date_from} onChange={set("date_from")} required />}
        </Field>
        <Field label={t("evidence.filters.to")}>
          {(id) => (
            <input id={id} className="field__input" type="date" value={draft.date_to} onChange={set("date_to")} required aria-invalid={badPeriod} />
          )}
        </Field>
        {filtering.filters.map((field) => {
          const values = choices(field);
          return (
            <Field key={field} label={t(filterLabelKey(field))}>
              {(id) =>
                values === null ? (
                  <input id={id} className="field__input" value={draft[field]} onChange={set(field)} maxLength={100} />
                ) : (
                  <select id={id} className="field__input" value={draft[field]} onChange={set(field)}>
                    <option value="">{t("evidence.filters.any")}</option>
                    {values.map(([code, label]) => (
                      <option key={code} value={code}>
                        {label}
                      </option>
                    ))}
                  </select>
                )
              }
            </Field>
          );
        })}
      </div>
      {badPeriod && <p className="field__errors">{t("evidence.filters.badPeriod")}</p>}
      <Actions onReset={onReset} disabled={badPeriod} />
    </form>
  );
}

function Actions({ onReset, disabled }: { onReset: () => void; disabled: boolean }) {
  const { t } = useEvidenceT();
  return (
    <div className="evidence-filters__actions">
      <button type="submit" className="button button--primary" disabled={disabled}>
        {t("evidence.filters.apply")}
      </button>
      <button type="button" className="button button--quiet" onClick={onReset}>
        {t("evidence.filters.reset")}
      </button>
    </div>
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
