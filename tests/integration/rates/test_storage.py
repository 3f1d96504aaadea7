"""Append-only storage with provenance, revisions and quarantine, on the recorded files."""

import hashlib
from datetime import date
from decimal import Decimal

import pytest

from backend.audit.models import AuditEvent
from backend.rates.lookup import confirmed_non_publication
from backend.rates.models import (
    AppendOnlyError,
    NonPublicationDay,
    PayloadStatus,
    RatePayload,
    RateRow,
)
from tests.integration.rates.helpers import (
    BAM_25,
    BAM_26,
    ECB_RECENT,
    ECB_XML,
    bam_redated,
    ingest,
    read,
)

pytestmark = pytest.mark.django_db


def test_bam_payload_is_stored_with_provenance():
    body = read(BAM_25)
    result = ingest("bam", body)
    eur = RateRow.objects.get(currency="EUR", published_on=date(2026, 3, 25))
    jpy = RateRow.objects.get(currency="JPY", published_on=date(2026, 3, 25))
    assert not result.duplicate
    assert not result.quarantined
    assert (eur.source, eur.quote, eur.value, eur.unit) == (
        "bam",
        "mad_per_units",
        Decimal("10.8057"),
        1,
    )
    assert (jpy.value, jpy.unit, jpy.per_unit) == (Decimal("5.862"), 100, Decimal("0.05862"))
    assert eur.payload_sha256 == hashlib.sha256(body).hexdigest() == result.payload.sha256
    assert eur.revision == 1
    assert eur.fetched_at == result.payload.received_at
    assert result.payload.rows_new == 29
    assert result.payload.skipped == ["MRO: not a current ISO 4217 code"]
    assert AuditEvent.objects.filter(action="rates.payload_stored").count() == 1


def test_duplicated_bam_answer_stores_each_currency_once():
    ingest("bam", read(BAM_26))
    assert RateRow.objects.filter(published_on=date(2026, 3, 26)).count() == 29
    assert RateRow.objects.filter(currency="USD").get().per_unit == Decimal("9.3261")


def test_refetching_the_same_publication_is_a_no_op():
    ingest("bam", read(BAM_25))
    again = ingest("bam", read(BAM_25))
    # Same values in other bytes (another date stamp format would do the same): still nothing new.
    assert again.duplicate
    assert RateRow.objects.count() == 29
    assert RatePayload.objects.count() == 1
    assert AuditEvent.objects.filter(action__startswith="rates.").count() == 1


def test_a_changed_value_is_a_new_revision_never_an_overwrite():
    ingest("bam", read(BAM_25))
    corrected = bam_redated(BAM_25, date(2026, 3, 25), scale={"EUR": Decimal("1.001")})
    result = ingest("bam", corrected)
    rows = list(RateRow.objects.filter(currency="EUR").order_by("revision"))
    assert [(r.revision, r.value) for r in rows] == [
        (1, Decimal("10.8057")),
        (2, Decimal("10.8165057")),
    ]
    assert (
        result.payload.rows_new,
        result.payload.rows_revised,
        result.payload.rows_unchanged,
    ) == (0, 1, 28)
    with pytest.raises(AppendOnlyError):
        rows[0].save()
    with pytest.raises(AppendOnlyError):
        rows[0].delete()


def test_a_hundredfold_jump_is_quarantined_and_the_previous_rates_stay():
    ingest("bam", read(BAM_25))
    jumped = bam_redated(BAM_26, date(2026, 3, 26), scale={"JPY": Decimal(100)})
    result = ingest("bam", jumped)
    assert result.quarantined
    assert result.payload.reason == "jump"
    assert "JPY moves from 0.05862 (2026-03-25)" in result.payload.detail
    assert result.payload.body.startswith("[{")
    # Nothing of the payload was stored, not even its plausible currencies.
    assert not RateRow.objects.filter(published_on=date(2026, 3, 26)).exists()
    assert RateRow.objects.count() == 29
    assert AuditEvent.objects.filter(action="rates.payload_quarantined").count() == 1


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (
            b'[{"date":"2026-03-25T12:30:00","libDevise":"EUR","moyen":0,"uniteDevise":1}]',
            "non_positive",
        ),
        (
            b'[{"date":"2026-03-25T12:30:00","libDevise":"EUR","moyen":-1,"uniteDevise":1}]',
            "non_positive",
        ),
        (
            b'[{"date":"2026-03-25T12:30:00","libDevise":"ZZZ","moyen":1.5,"uniteDevise":1}]',
            "unknown_currency",
        ),
        (b"<html>503 Service Unavailable</html>", "malformed"),
    ],
)
def test_implausible_payloads_are_quarantined_with_nothing_stored(body, reason):
    result = ingest("bam", body)
    assert result.quarantined
    assert result.payload.reason == reason
    assert RatePayload.objects.get().status == PayloadStatus.QUARANTINED
    assert not RateRow.objects.exists()


def test_ecb_files_store_units_per_euro():
    ingest("ecb-csv", read(ECB_RECENT))
    ingest("ecb-xml", read(ECB_XML))
    usd_2026 = RateRow.objects.get(source="ecb", currency="USD", published_on=date(2026, 3, 18))
    usd_2022 = RateRow.objects.get(source="ecb", currency="USD", published_on=date(2022, 7, 8))
    assert usd_2022.quote == "units_per_eur"
    assert usd_2022.value == Decimal("1.0163")
    assert usd_2026.unit == 1
    assert not RateRow.objects.filter(currency="HRK").exists()


def test_the_next_publication_confirms_the_business_days_it_arrived_without():
    # Given Thursday 26 March's rates,
    ingest("bam", read(BAM_26))
    assert not NonPublicationDay.objects.exists()
    # when Monday 30 March's arrive (nothing for Friday 27),
    monday = ingest("bam", bam_redated(BAM_26, date(2026, 3, 30)))
    # then Friday is a confirmed non-publication day, named by that publication; the weekend is
    # no business day and needs no confirming,
    skipped = NonPublicationDay.objects.get()
    assert (skipped.source, skipped.day, skipped.origin, skipped.payload_id) == (
        "bam",
        date(2026, 3, 27),
        "auto",
        monday.payload.pk,
    )
    stored = AuditEvent.objects.get(action="rates.payload_stored", object_id=str(monday.payload.pk))
    assert stored.after["confirmed_non_publication_days"] == ["2026-03-27"]
    # and Friday's file arriving late makes it a publication day again (the record stays).
    ingest("bam", bam_redated(BAM_26, date(2026, 3, 27)))
    assert confirmed_non_publication(start=date(2026, 3, 1), end=date(2026, 3, 31)) == {
        "bam": frozenset(),
        "ecb": frozenset(),
    }
    assert NonPublicationDay.objects.count() == 1


def test_a_gap_as_long_as_the_lookback_is_missing_data_not_skipped_days():
    # Given 25 March's rates, then 3 April's: six business days in between,
    ingest("bam", read(BAM_25))
    ingest("bam", bam_redated(BAM_26, date(2026, 4, 3)))
    # none of them is confirmed: they stay awaited (no carry-forward could cross them anyway).
    assert not NonPublicationDay.objects.exists()
    # A late file inside the gap confirms nothing either while the rest stays that long.
    ingest("bam", bam_redated(BAM_26, date(2026, 3, 26)))
    assert not NonPublicationDay.objects.exists()
