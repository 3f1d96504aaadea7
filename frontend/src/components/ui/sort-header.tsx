import { useI18n } from "@/lib/i18n";

export interface SortState {
  key: string;
  descending: boolean;
}

interface Props {
  label: string;
  sortKey: string;
  sort: SortState;
  onSort: (key: string) => void;
  numeric?: boolean;
}

/** A column header that sorts the table by its column; `aria-sort` says how it is sorted now. */
export function SortHeader({ label, sortKey, sort, onSort, numeric = false }: Props) {
  const { t } = useI18n();
  const active = sort.key === sortKey;
  const direction = active ? (sort.descending ? "descending" : "ascending") : "none";
  return (
    <th scope="col" aria-sort={direction} className={numeric ? "table__number" : undefined}>
      <button
        type="button"
        className="sort-button"
        onClick={() => {
          onSort(sortKey);
        }}
      >
        {label}
        <span aria-hidden="true" className="sort-button__arrow">
          {active ? (sort.descending ? "▼" : "▲") : "↕"}
        </span>
        <span className="visually-hidden">
          {active ? t(sort.descending ? "sort.descending" : "sort.ascending") : t("sort.none")}
        </span>
      </button>
    </th>
  );
}
