"""The publication calendars: BAM on Moroccan business days, the ECB on TARGET days, and how far
back a rate may stand for a day."""

from datetime import date

from backend.rates.calendar import (
    BAM,
    ECB,
    ClosureKind,
    closure,
    gap_closures,
    honest_start,
    is_business_day,
    lookback_start,
)

THURSDAY, FRIDAY, SATURDAY, SUNDAY, MONDAY = (date(2026, 3, d) for d in (26, 27, 28, 29, 30))


def test_weekends_are_closed_for_both_sources():
    for source in (BAM, ECB):
        assert closure(source, SATURDAY).kind == ClosureKind.WEEKEND
        assert is_business_day(source, FRIDAY)


def test_moroccan_holidays_are_named_in_french_and_english():
    eid = closure(BAM, date(2026, 3, 20))
    assert (eid.kind, eid.en, eid.fr) == (
        ClosureKind.HOLIDAY,
        "Eid al-Fitr (estimated)",
        "Fête de la rupture du jeûne (estimé)",
    )
    throne = closure(BAM, date(2026, 7, 30))
    assert (throne.en, throne.fr) == ("Throne Day", "Fête du Trône")
    # The ECB publishes on Moroccan holidays.
    assert is_business_day(ECB, date(2026, 7, 30))


def test_target_holidays_close_the_ecb_not_bam():
    easter = closure(ECB, date(2026, 4, 6))
    assert (easter.kind, easter.en, easter.fr) == (
        ClosureKind.HOLIDAY,
        "Easter Monday",
        "Lundi de Pâques",
    )
    assert is_business_day(BAM, date(2026, 4, 6))
    assert closure(ECB, date(2026, 12, 25)).fr == "Noël"
    assert closure(BAM, date(2026, 12, 25)).kind == ClosureKind.CLOSURE


def test_the_lookback_counts_each_sources_business_days():
    # Five BAM business days back from Tuesday 7 April 2026: 1, 2, 3, 6, 7 April.
    assert lookback_start(date(2026, 4, 7), 5, BAM) == date(2026, 4, 1)
    # The ECB skips Good Friday and Easter Monday: 31 March, 1, 2 and 7 April, then 30 March.
    assert lookback_start(date(2026, 4, 7), 5, ECB) == date(2026, 3, 30)


def test_a_rate_stands_only_across_non_publication_days():
    # A business day stands for itself only.
    assert honest_start(BAM, FRIDAY, confirmed=(), lookback_days=5) == FRIDAY
    # A weekend reaches back to Friday, which is awaited until confirmed.
    assert honest_start(BAM, SUNDAY, confirmed=(), lookback_days=5) == FRIDAY
    # Once Friday is confirmed unpublished, Thursday's rate may stand for the weekend.
    assert honest_start(BAM, SUNDAY, confirmed={FRIDAY}, lookback_days=5) == THURSDAY
    # Never past the look-back, whatever is confirmed.
    everything = {date(2026, 3, d) for d in range(1, 32)}
    assert honest_start(BAM, SUNDAY, confirmed=everything, lookback_days=5) == date(2026, 3, 23)
    # A holiday reaches back to the day before it.
    assert honest_start(BAM, date(2026, 3, 20), confirmed=(), lookback_days=5) == date(2026, 3, 19)


def test_the_gap_of_a_carry_forward_says_why_each_day_had_no_publication():
    days = gap_closures(BAM, THURSDAY, SUNDAY)
    assert [(day, why.kind) for day, why in days] == [
        (FRIDAY, ClosureKind.CONFIRMED),
        (SATURDAY, ClosureKind.WEEKEND),
        (SUNDAY, ClosureKind.WEEKEND),
    ]
    assert gap_closures(BAM, MONDAY, MONDAY) == []
