"""Converting declarations: official, carried forward, derived, pending until a rate file."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from backend.audit.models import AuditEvent
from backend.rates.conversion import conversion_apply
from backend.rates.models import Conversion, RatePayload, RateRow
from backend.rates.reconversion import conversions_redo
from tests.integration.rates.declarations import make_declaration
from tests.integration.rates.helpers import BAM_25, BAM_26, ECB_RECENT, bam_redated, ingest, read

pytestmark = pytest.mark.django_db


def test_official_rate_of_the_value_date(startup_user):
    ingest("bam", read(BAM_25))
    declaration = make_declaration(
        startup_user, amount="1250.00", currency="EUR", value_date=date(2026, 3, 25)
    )
    summary = conversion_apply(declaration_ids=[declaration.pk])
    declaration.refresh_from_db()
    conversion = declaration.conversion
    assert summary.converted_ids == [declaration.pk]
    assert declaration.status == "converted"
    # 1250.00 x 10.8057 = 13507.125: half-even keeps the even centime.
    assert conversion.amount_mad == Decimal("13507.12")
    assert (conversion.mad_per_unit, conversion.rate_date, conversion.method) == (
        Decimal("10.8057"),
        date(2026, 3, 25),
        "official",
    )
    assert list(conversion.rate_rows.all()) == [RateRow.objects.get(currency="EUR")]
    assert (
        AuditEvent.objects.filter(
            action="declaration.converted", object_id=str(declaration.pk)
        ).count()
        == 1
    )


def test_jpy_quoted_per_hundred(startup_user):
    ingest("bam", read(BAM_25))
    declaration = make_declaration(
        startup_user, amount="100000", currency="JPY", value_date=date(2026, 3, 25)
    )
    conversion_apply(declaration_ids=[declaration.pk])
    assert Conversion.objects.get().amount_mad == Decimal("5862.00")


def test_sunday_declaration_uses_the_friday_rate_and_says_so(startup_user):
    ingest("bam", read(BAM_26))
    ingest("bam", bam_redated(BAM_26, date(2026, 3, 27)))
    declaration = make_declaration(
        startup_user, amount="10.00", currency="USD", value_date=date(2026, 3, 29)
    )
    conversion_apply(declaration_ids=[declaration.pk])
    conversion = Conversion.objects.get()
    assert (conversion.method, conversion.rate_date, conversion.amount_mad) == (
        "carried_forward",
        date(2026, 3, 27),
        Decimal("93.26"),
    )
    from backend.rates.serializers import ConversionOutputSerializer

    data = ConversionOutputSerializer(conversion).data
    assert data["explanation"]["en"] == (
        "Bank Al-Maghrib rate of Friday 27 March 2026 carried forward to Sunday 29 March 2026 "
        "(no publication: weekend)"
    )
    assert data["explanation"]["fr"] == (
        "Cours Bank Al-Maghrib du vendredi 27 mars 2026 reporté au dimanche 29 mars 2026 "
        "(pas de publication : week-end)"
    )
    assert {k: data[k] for k in ("amount_mad", "rate", "rate_date", "source", "method")} == {
        "amount_mad": "93.26",
        "rate": "9.3261",
        "rate_date": "2026-03-27",
        "source": "bam",
        "method": "carried_forward",
    }


def test_currency_absent_from_bam_is_derived_through_eur(startup_user):
    ingest("bam", bam_redated(BAM_25, date(2026, 3, 18)))
    ingest("ecb-csv", read(ECB_RECENT))
    declaration = make_declaration(
        startup_user, amount="1000.00", currency="PLN", value_date=date(2026, 3, 18)
    )
    conversion_apply(declaration_ids=[declaration.pk])
    conversion = Conversion.objects.get()
    pln = RateRow.objects.get(source="ecb", currency="PLN", published_on=date(2026, 3, 18))
    rate = (Decimal("10.8057") / pln.value).quantize(Decimal("1e-12"))
    assert (conversion.method, conversion.source) == ("derived", "bam+ecb")
    assert conversion.amount_mad == (Decimal("1000.00") * rate).quantize(Decimal("0.01"))
    assert set(conversion.rate_rows.values_list("source", "currency")) == {
        ("bam", "EUR"),
        ("ecb", "PLN"),
    }


def test_gap_past_lookback_stays_pending_until_a_rate_file_is_imported(startup_user, tmp_path):
    ingest("bam", read(BAM_25))
    # Sunday 5 April: Friday 3 April's publication is awaited, and 25 March is too old anyway.
    declaration = make_declaration(
        startup_user, amount="500.00", currency="EUR", value_date=date(2026, 4, 5)
    )
    summary = conversion_apply(declaration_ids=[declaration.pk])
    declaration.refresh_from_db()
    assert summary.pending_ids == [declaration.pk]
    assert declaration.status == "pending_rate"
    assert not Conversion.objects.exists()
    # When a back-filled BAM answer for Friday 3 April is imported and applied, it converts.
    saved = tmp_path / "bam_2026-04-03.json"
    saved.write_bytes(bam_redated(BAM_26, date(2026, 4, 3)))
    call_command("import_rates", "--source", "bam", "--file", str(saved))
    payload = RatePayload.objects.get(first_date=date(2026, 4, 3))
    redo = conversions_redo(source="bam", days={date(2026, 4, 3)})
    assert redo.count == 1
    declaration.refresh_from_db()
    assert declaration.status == "converted"
    conversion = Conversion.objects.get()
    assert (conversion.method, conversion.rate_date, conversion.amount_mad) == (
        "carried_forward",
        date(2026, 4, 3),
        Decimal("5386.45"),
    )
    assert payload.applied_at is None  # the processing room marks it once it has re-screened
    # A second pass finds nothing more to change.
    assert conversions_redo(source="bam", days={date(2026, 4, 3)}).count == 0


def test_conversion_is_idempotent(startup_user):
    ingest("bam", read(BAM_25))
    declaration = make_declaration(
        startup_user, amount="1.00", currency="EUR", value_date=date(2026, 3, 25)
    )
    conversion_apply(declaration_ids=[declaration.pk])
    again = conversion_apply(declaration_ids=[declaration.pk])
    assert again.converted == 0
    assert Conversion.objects.count() == 1


def test_load_demo_rates_is_idempotent():
    call_command("load_demo_rates")
    count = RateRow.objects.count()
    call_command("load_demo_rates")
    assert RateRow.objects.count() == count
    assert RateRow.objects.filter(source="bam").count() == 58
