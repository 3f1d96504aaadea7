"""The parsers on the real recorded answers: exact Decimal values, never floats."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from backend.rates.providers.bam import parse_bam
from backend.rates.providers.base import PayloadError, Quote
from backend.rates.providers.ecb import parse_ecb_csv, parse_ecb_xml

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "rates"


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def by_code(payload):
    return {(r.published_on, r.currency): r for r in payload.rates}


def test_bam_2026_03_25_gives_exact_mad_per_unit():
    payload = parse_bam(read("bam_CoursVirement_2026-03-25.json"))
    rates = by_code(payload)
    eur = rates[(date(2026, 3, 25), "EUR")]
    jpy = rates[(date(2026, 3, 25), "JPY")]
    assert payload.quote == Quote.MAD_PER_UNITS
    assert (eur.value, eur.unit, eur.per_unit) == (Decimal("10.8057"), 1, Decimal("10.8057"))
    assert (jpy.value, jpy.unit) == (Decimal("5.862"), 100)
    assert jpy.per_unit == Decimal("0.05862")
    assert all(isinstance(r.value, Decimal) for r in payload.rates)


def test_bam_skips_the_retired_mro_code_and_keeps_the_29_others():
    payload = parse_bam(read("bam_CoursVirement_2026-03-25.json"))
    assert len(payload.rates) == 29
    assert "MRO" not in {r.currency for r in payload.rates}
    assert payload.skipped == ("MRO: not a current ISO 4217 code",)


def test_bam_duplicated_2026_03_26_yields_each_currency_once():
    payload = parse_bam(read("bam_CoursVirement_2026-03-26.json"))
    codes = [r.currency for r in payload.rates]
    assert len(codes) == len(set(codes)) == 29
    assert by_code(payload)[(date(2026, 3, 26), "USD")].per_unit == Decimal("9.3261")


def test_bam_takes_the_mid_of_achat_and_vente_without_moyen():
    body = (
        b'[{"date":"2010-01-04T12:30:00","libDevise":"EUR",'
        b'"achat":11.2,"vente":11.35,"uniteDevise":1}]'
    )
    (rate,) = parse_bam(body).rates
    assert rate.value == Decimal("11.275")


def test_bam_refuses_conflicting_duplicates():
    body = (
        b'[{"date":"2026-03-25T12:30:00","libDevise":"EUR","moyen":10.8057,"uniteDevise":1},'
        b'{"date":"2026-03-25T12:30:00","libDevise":"EUR","moyen":10.9,"uniteDevise":1}]'
    )
    with pytest.raises(PayloadError) as caught:
        parse_bam(body)
    assert caught.value.code == "conflicting_duplicate"


@pytest.mark.parametrize(
    "body",
    [b"<html>maintenance</html>", b'{"error": "x"}', b"[1, 2]", b"[]", b'[{"libDevise":"EUR"}]'],
)
def test_bam_malformed_bodies_raise(body):
    with pytest.raises(PayloadError):
        parse_bam(body)


def test_ecb_daily_xml_exact_decimals():
    payload = parse_ecb_xml(read("eurofxref-daily_2022-07-08.xml"))
    rates = by_code(payload)
    assert payload.quote == Quote.UNITS_PER_EUR
    assert len(payload.rates) == 30  # HRK (replaced by the euro in 2023) is skipped
    assert payload.skipped == ("HRK: not a current ISO 4217 code",)
    assert rates[(date(2022, 7, 8), "USD")].value == Decimal("1.0163")
    assert rates[(date(2022, 7, 8), "PLN")].value == Decimal("4.7630")
    assert rates[(date(2022, 7, 8), "IDR")].value == Decimal("15210.73")


def test_ecb_sdmx_csv_exact_decimals():
    payload = parse_ecb_csv(read("ecb_sdmx_EXR_D_2026-02-17_2026-03-18.csv"))
    rates = by_code(payload)
    assert rates[(date(2026, 2, 17), "AUD")].value == Decimal("1.6776")
    assert rates[(date(2026, 3, 18), "ZAR")].value == Decimal("19.4174")
    assert {r.unit for r in payload.rates} == {1}


def test_ecb_history_csv_parses_every_row():
    payload = parse_ecb_csv(read("ecb_sdmx_EXR_D_2025-01-01_2026-03-18.csv"))
    assert len(payload.rates) == 8067
    assert "USD" not in {r.currency for r in payload.rates}
    assert max(r.published_on for r in payload.rates if r.currency == "BGN") == date(2025, 12, 31)


def test_ecb_malformed_bodies_raise():
    with pytest.raises(PayloadError):
        parse_ecb_xml(
            b"<Cube><Cube time='2022-07-08'><Cube currency='USD' rate='x'/></Cube></Cube>"
        )
    with pytest.raises(PayloadError):
        parse_ecb_xml(b"not xml")
    with pytest.raises(PayloadError):
        parse_ecb_csv(b"A,B\n1,2\n")
