"""The rate of a date: official, carried forward, derived through EUR, or no rate."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from backend.rates.explain import explain
from backend.rates.lookup import Method, rate_of_date
from backend.rates.models import NonPublicationDay, RateRow
from tests.integration.rates.helpers import (
    BAM_25,
    BAM_26,
    ECB_HISTORY,
    ECB_RECENT,
    bam_redated,
    ingest,
    read,
)

pytestmark = pytest.mark.django_db

FRIDAY = date(2026, 3, 27)
SUNDAY = date(2026, 3, 29)


def test_same_day_bam_rate_is_official():
    ingest("bam", read(BAM_25))
    answer = rate_of_date(currency="EUR", on=date(2026, 3, 25))
    row = RateRow.objects.get(currency="EUR")
    assert answer is not None
    assert (answer.mad_per_unit, answer.rate_date, answer.source, answer.method) == (
        Decimal("10.8057"),
        date(2026, 3, 25),
        "bam",
        Method.OFFICIAL,
    )
    assert answer.row_ids == (row.id,)


def test_quoted_per_hundred_is_per_one_unit():
    ingest("bam", read(BAM_25))
    answer = rate_of_date(currency="JPY", on=date(2026, 3, 25))
    assert answer is not None
    assert answer.mad_per_unit == Decimal("0.05862")


def test_sunday_uses_the_friday_rate_carried_forward():
    ingest("bam", read(BAM_26))
    ingest("bam", bam_redated(BAM_26, FRIDAY))
    answer = rate_of_date(currency="USD", on=SUNDAY)
    assert answer is not None
    assert (answer.rate_date, answer.method, answer.mad_per_unit) == (
        FRIDAY,
        Method.CARRIED_FORWARD,
        Decimal("9.3261"),
    )


def test_a_currency_bam_does_not_quote_is_derived_through_eur():
    # Given BAM's rates moved to 18 March (the last day of the recorded ECB file) and the ECB's.
    ingest("bam", bam_redated(BAM_25, date(2026, 3, 18)))
    ingest("ecb-csv", read(ECB_RECENT))
    ecb_pln = RateRow.objects.get(source="ecb", currency="PLN", published_on=date(2026, 3, 18))
    answer = rate_of_date(currency="PLN", on=date(2026, 3, 18))
    assert answer is not None
    expected = (Decimal("10.8057") / ecb_pln.value).quantize(Decimal("1e-12"))
    assert (answer.method, answer.source, answer.rate_date) == (
        "derived",
        "bam+ecb",
        date(2026, 3, 18),
    )
    assert answer.mad_per_unit == expected
    assert len(answer.row_ids) == 2


def confirm(*days: date, source: str = "bam") -> None:
    """Days the source is known to have skipped (as a regulator would mark them)."""
    for day in days:
        NonPublicationDay.objects.create(
            source=source, day=day, origin="regulator", reason="closed", created_at=timezone.now()
        )


def test_an_awaited_publication_is_never_carried_across():
    # Given Thursday 26 March's rates and nothing for Friday 27 March yet,
    ingest("bam", read(BAM_26))
    # then Friday and the weekend after it wait for Friday's rate: no carry-forward from Thursday.
    for day in (FRIDAY, date(2026, 3, 28), SUNDAY):
        assert rate_of_date(currency="USD", on=day) is None
    # and a currency BAM does not quote waits too (its EUR leg is awaited).
    assert rate_of_date(currency="PLN", on=FRIDAY) is None


def test_a_day_the_next_publication_skipped_is_crossed_and_named():
    # Given Thursday's rates, then Monday's arriving without Friday's,
    ingest("bam", read(BAM_26))
    ingest("bam", bam_redated(BAM_26, date(2026, 3, 30)))
    skipped = NonPublicationDay.objects.get()
    assert (skipped.day, skipped.origin) == (FRIDAY, "auto")
    # then Saturday takes Thursday's rate, carried across Friday and saying why.
    answer = rate_of_date(currency="USD", on=date(2026, 3, 28))
    assert (answer.rate_date, answer.method) == (date(2026, 3, 26), Method.CARRIED_FORWARD)
    assert explain(
        method=answer.method,
        currency="USD",
        rate_date=answer.rate_date,
        value_date=answer.value_date,
    ) == {
        "en": "Bank Al-Maghrib rate of Thursday 26 March 2026 carried forward to Saturday 28 "
        "March 2026 (no publication: Friday 27 March 2026, confirmed non-publication day; weekend)",
        "fr": "Cours Bank Al-Maghrib du jeudi 26 mars 2026 reporté au samedi 28 mars 2026 (pas "
        "de publication : vendredi 27 mars 2026, jour sans publication confirmé ; week-end)",
    }


def test_a_moroccan_holiday_carries_the_previous_publication_forward_naming_it():
    # Given BAM's rates of Thursday 19 March 2026; Friday 20 March is Eid al-Fitr (estimated),
    ingest("bam", bam_redated(BAM_26, date(2026, 3, 19)))
    answer = rate_of_date(currency="USD", on=date(2026, 3, 20))
    assert (answer.rate_date, answer.method) == (date(2026, 3, 19), Method.CARRIED_FORWARD)
    assert explain(
        method=answer.method,
        currency="USD",
        rate_date=answer.rate_date,
        value_date=answer.value_date,
    ) == {
        "en": "Bank Al-Maghrib rate of Thursday 19 March 2026 carried forward to Friday 20 March "
        "2026 (no publication: Eid al-Fitr (estimated))",
        "fr": "Cours Bank Al-Maghrib du jeudi 19 mars 2026 reporté au vendredi 20 mars 2026 (pas "
        "de publication : Fête de la rupture du jeûne (estimé))",
    }


def test_each_leg_of_a_cross_rate_follows_its_own_calendar():
    # Given BAM's rates of Tuesday 13 January 2026 and the ECB's history: Wednesday 14 January is
    # the Amazigh New Year in Morocco (no BAM rate) and a TARGET business day (an ECB rate).
    ingest("bam", bam_redated(BAM_25, date(2026, 1, 13)))
    ingest("ecb-csv", read(ECB_HISTORY))
    answer = rate_of_date(currency="PLN", on=date(2026, 1, 14))
    euro = RateRow.objects.get(source="bam", currency="EUR")
    pln = RateRow.objects.get(source="ecb", currency="PLN", published_on=date(2026, 1, 14))
    assert (answer.method, answer.rate_date, answer.legs) == (
        Method.DERIVED,
        date(2026, 1, 13),
        (date(2026, 1, 13), date(2026, 1, 14)),
    )
    assert answer.row_ids == (euro.id, pln.id)
    assert answer.mad_per_unit == (euro.per_unit / pln.per_unit).quantize(Decimal("1e-12"))
    assert explain(
        method=answer.method,
        currency="PLN",
        rate_date=answer.rate_date,
        value_date=answer.value_date,
        legs=answer.legs,
    )["en"] == (
        "Bank Al-Maghrib EUR rate of Tuesday 13 January 2026 (no publication: Amazigh New Year) "
        "crossed with the ECB PLN per EUR rate of Wednesday 14 January 2026, for Wednesday 14 "
        "January 2026"
    )
    # Thursday 15 January: BAM is due to publish and has not, so the EUR leg waits.
    assert rate_of_date(currency="PLN", on=date(2026, 1, 15)) is None


def test_past_the_lookback_there_is_no_rate_and_no_guess():
    ingest("bam", read(BAM_25))
    confirm(date(2026, 3, 26), FRIDAY, date(2026, 3, 30), date(2026, 3, 31), date(2026, 4, 1))
    # Tuesday 31 March: its five publication days are 25, 26, 27, 30 and 31 March.
    assert rate_of_date(currency="EUR", on=date(2026, 3, 31)).method == Method.CARRIED_FORWARD
    # Wednesday 1 April: 26 March .. 1 April, so the rate of the 25th is out of reach.
    assert rate_of_date(currency="EUR", on=date(2026, 4, 1)) is None


def test_an_estimate_only_when_enabled_and_labelled(settings):
    ingest("bam", read(BAM_25))
    assert rate_of_date(currency="EUR", on=date(2026, 4, 6)) is None
    settings.RATES_ALLOW_ESTIMATES = True
    answer = rate_of_date(currency="EUR", on=date(2026, 4, 6))
    assert answer is not None
    assert (answer.method, answer.rate_date, answer.mad_per_unit) == (
        Method.ESTIMATE,
        date(2026, 3, 25),
        Decimal("10.8057"),
    )


def test_a_rate_published_before_a_value_date_only():
    ingest("bam", read(BAM_26))
    assert rate_of_date(currency="EUR", on=date(2026, 3, 25)) is None
