"""The rate of a date: official, carried forward, derived through EUR, or no rate."""

from datetime import date
from decimal import Decimal

import pytest

from backend.rates.lookup import Method, rate_of_date
from backend.rates.models import RateRow
from tests.integration.rates.helpers import BAM_25, BAM_26, ECB_RECENT, bam_redated, ingest, read

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


def test_past_the_lookback_there_is_no_rate_and_no_guess():
    ingest("bam", read(BAM_25))
    # Tuesday 31 March: its five publication days are 25, 26, 27, 30 and 31 March.
    assert rate_of_date(currency="EUR", on=date(2026, 3, 31)).method == Method.CARRIED_FORWARD
    # Wednesday 1 April: 26 March .. 1 April, so the rate of the 25th is out of reach.
    assert rate_of_date(currency="EUR", on=date(2026, 4, 1)) is None
    assert rate_of_date(currency="EUR", on=date(2026, 4, 6)) is None


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
