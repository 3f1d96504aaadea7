"""Set-based inserts and reads (backend/common/bulk.py) on the real database."""

import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from backend.common.bulk import db_uuids, ordered_uuids, raw_columns, raw_insert
from backend.common.queue import _short_repr
from backend.declarations.models import Declaration, DeclarationStatus, PaymentKind
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _declaration_rows(user, references):
    """Per-row columns and constants for `raw_insert` of declarations of `user`."""
    ids = ordered_uuids(len(references))
    now = timezone.now()
    fields = {f.attname: f for f in Declaration._meta.concrete_fields}

    def prep(name, value):
        return fields[name].get_db_prep_save(value, connection)

    columns = ["id", "reference", "amount", "value_date"]
    rows = [
        (
            db_uuids([pk])[0],
            ref,
            prep("amount", Decimal("10.50")),
            prep("value_date", date(2026, 3, 1)),
        )
        for pk, ref in zip(ids, references, strict=True)
    ]
    constants = {
        name: prep(name, value)
        for name, value in {
            "version": 1,
            "is_current": True,
            "direction": "outgoing",
            "category": "SAAS_CLOUD",
            "channel": "card",
            "currency": "MAD",
            # Quotes and percent signs in a constant must arrive as written.
            "counterparty_name": "O'Brien 100%s %% Ltd",
            "counterparty_country": "IE",
            "description": "",
            "receipt_status": "",
            "payment_kind": PaymentKind.SETTLEMENT,
            "status": DeclarationStatus.RECEIVED,
            "withdrawal_reason": "",
            "created_at": now,
            "updated_at": now,
            "processing_attempts": 0,
            "created_by_id": user.pk,
            "organisation_id": user.membership.organisation_id,
        }.items()
    }
    return ids, columns, rows, constants


def test_raw_insert_writes_per_row_values_and_constants_exactly():
    user = make_user()
    ids, columns, rows, constants = _declaration_rows(user, ["A-1", "A-2", "A-3"])
    with transaction.atomic():
        assert raw_insert(Declaration, columns, rows, constants=constants) == 3
    stored = {d.reference: d for d in Declaration.objects.filter(pk__in=ids)}
    assert sorted(stored) == ["A-1", "A-2", "A-3"]
    for d in stored.values():
        assert d.counterparty_name == "O'Brien 100%s %% Ltd"
        assert d.amount == Decimal("10.50")
        assert d.value_date == date(2026, 3, 1)
        assert d.organisation_id == user.membership.organisation_id
        assert d.is_current is True


def test_raw_insert_reports_a_unique_violation_as_integrity_error():
    user = make_user()
    _, columns, rows, constants = _declaration_rows(user, ["B-1"])
    with transaction.atomic():
        raw_insert(Declaration, columns, rows, constants=constants)
    _, columns, rows, constants = _declaration_rows(user, ["B-1"])
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_insert(Declaration, columns, rows, constants=constants)
    assert Declaration.objects.filter(reference="B-1").count() == 1


def test_ordered_uuids_are_version_7_increasing_and_distinct():
    values = ordered_uuids(5000)
    parsed = [uuid.UUID(v) for v in values]
    assert all(u.version == 7 and u.variant == uuid.RFC_4122 for u in parsed)
    assert values == sorted(values)
    assert len(set(values)) == len(values)
    assert [str(u) for u in parsed] == values  # canonical text
    # The leading 48 bits are the Unix time in milliseconds.
    millis = parsed[0].int >> 80
    assert abs(millis / 1000 - timezone.now().timestamp()) < 60


def test_raw_columns_returns_canonical_uuids_and_converted_values():
    user = make_user()
    ids, columns, rows, constants = _declaration_rows(user, ["C-1"])
    with transaction.atomic():
        raw_insert(Declaration, columns, rows, constants=constants)
    got = raw_columns(Declaration.objects.filter(pk__in=ids), ("id", "amount", "value_date"))
    assert got == {"id": ids, "amount": [Decimal("10.50")], "value_date": [date(2026, 3, 1)]}


def test_long_task_arguments_are_summarised_in_logs():
    assert _short_repr({"declaration_ids": ["a", "b", "c", "d", "e"], "n": 1}) == (
        "{'declaration_ids': ['a', 'b', 'c', … 5 in all], 'n': 1}"
    )
    assert _short_repr({"declaration_ids": ["a"]}) == "{'declaration_ids': ['a']}"
