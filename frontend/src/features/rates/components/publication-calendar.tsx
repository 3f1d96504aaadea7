import { useId, useState } from "react";

import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/error-message";
import { formatDate } from "@/lib/format";

import { useCalendar } from "../api/rates";
import { useRatesT } from "../messages";
import { NonPublicationDayForm } from "./non-publication-day-form";

function shiftMonth(month: string, by: number): string {
  const year = Number(month.slice(0, 4));
  const number = Number(month.slice(5, 7));
  const moved = new Date(Date.UTC(year, number - 1 + by, 1));
  return moved.toISOString().slice(0, 7);
}

const STATES = ["published", "non_publication", "awaited"] as const;

function monthName(month: string, language: string): string {
  return new Intl.DateTimeFormat(language, { month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
}

/** Each day of a month for one source: published, without publication (and why) or awaited. */
export function PublicationCalendar({ initialMonth }: { initialMonth: string }) {
  const { t, language } = useRatesT();
  const id = useId();
  const [source, setSource] = useState<"bam" | "ecb">("bam");
  const [month, setMonth] = useState(initialMonth);
  const calendar = useCalendar(source, month);
  const days = calendar.data?.days ?? [];
  // Monday first: blank cells before the 1st.
  const first = days.at(0);
  const lead = first ? (new Date(`${first.date}T00:00:00Z`).getUTCDay() + 6) % 7 : 0;
  const explained = days.filter((day) => day.reason !== null);
  return (
    <section className="panel rates-calendar" aria-labelledby={`${id}-title`} data-testid="rate-calendar">
      <h2 id={`${id}-title`}>{t("rates.calendar.title")}</h2>
      <p className="muted">{t("rates.calendar.help")}</p>
      <div className="rates-calendar__controls">
        <label>
          {t("rates.calendar.source")}{" "}
          <select
            value={source}
            onChange={(event) => {
              setSource(event.target.value === "ecb" ? "ecb" : "bam");
            }}
          >
            <option value="bam">{t("rates.source.bam")}</option>
            <option value="ecb">{t("rates.calendar.ecb")}</option>
          </select>
        </label>
        <button
          type="button"
          onClick={() => {
            setMonth(shiftMonth(month, -1));
          }}
        >
          {t("rates.calendar.previous")}
        </button>
        <strong data-testid="calendar-month">{monthName(month, language)}</strong>
        <button
          type="button"
          onClick={() => {
            setMonth(shiftMonth(month, 1));
          }}
        >
          {t("rates.calendar.next")}
        </button>
      </div>
      {calendar.isError && <Alert>{errorMessage(calendar.error, t)}</Alert>}
      <ul className="rates-calendar__legend">
        {STATES.map((state) => (
          <li key={state}>
            <span className={`rates-calendar__swatch rates-calendar__day--${state}`} aria-hidden="true" />
            {t(`rates.calendar.state.${state}`)}
          </li>
        ))}
      </ul>
      <ol className="rates-calendar__grid">
        {Array.from({ length: lead }, (_, n) => (
          <li key={`lead-${n}`} aria-hidden="true" />
        ))}
        {days.map((day) => (
          <li
            key={day.date}
            className={`rates-calendar__day rates-calendar__day--${day.state}`}
            data-testid={`calendar-${day.date}`}
            title={day.reason ? (language === "fr" ? day.reason.fr : day.reason.en) : undefined}
          >
            <span className="rates-calendar__number">{Number(day.date.slice(8))}</span>
            <span className="rates-calendar__state">{t(`rates.calendar.state.${day.state}`)}</span>
            {day.currencies > 0 && (
              <span className="muted rates-calendar__count">
                {t("rates.calendar.currencies", { count: day.currencies })}
              </span>
            )}
          </li>
        ))}
      </ol>
      <ul className="rates-calendar__reasons" data-testid="calendar-reasons">
        {explained.map((day) => (
          <li key={day.date}>
            {formatDate(day.date, language)} — {language === "fr" ? day.reason?.fr : day.reason?.en}
          </li>
        ))}
      </ul>
      <NonPublicationDayForm
        onMarked={(marked, day) => {
          // Show the confirmed day where it now stands in the calendar.
          setSource(marked);
          setMonth(day.slice(0, 7));
        }}
      />
    </section>
  );
}
