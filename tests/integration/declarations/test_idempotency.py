"""Idempotency-Key on create: replay, reuse with another body, scoping, concurrency."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from backend.audit.models import AuditEvent
from backend.declarations.models import Declaration, IdempotencyKey
from tests.conftest import client_for
from tests.integration.declarations.helpers import body

URL = reverse("api:declarations")


def post(user, data, key):
    return client_for(user).post(URL, data, format="json", HTTP_IDEMPOTENCY_KEY=key)


@pytest.mark.django_db
def test_same_key_same_body_replays_the_stored_answer(startup_user):
    first = post(startup_user, body(), "key-0001")
    second = post(startup_user, body(), "key-0001")
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Declaration.objects.count() == 1
    assert AuditEvent.objects.filter(action="declaration.create").count() == 1


@pytest.mark.django_db
def test_key_order_in_the_body_does_not_matter(startup_user):
    post(startup_user, body(), "key-0002")
    reordered = dict(reversed(list(body().items())))
    assert post(startup_user, reordered, "key-0002")["Idempotent-Replayed"] == "true"


@pytest.mark.django_db
def test_same_key_other_body_is_422_and_changes_nothing(startup_user):
    post(startup_user, body(), "key-0003")
    response = post(startup_user, body(reference="OTHER-1"), "key-0003")
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert list(Declaration.objects.values_list("reference", flat=True)) == ["INV-2026-0042"]


@pytest.mark.django_db
def test_keys_are_scoped_to_the_organisation(startup_user, other_startup_user):
    mine = post(startup_user, body(), "shared-key-1")
    theirs = post(other_startup_user, body(), "shared-key-1")
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert "Idempotent-Replayed" not in theirs
    assert mine.json()["id"] != theirs.json()["id"]
    assert Declaration.objects.count() == 2


@pytest.mark.django_db
def test_a_refused_request_does_not_consume_the_key(startup_user):
    bad = post(startup_user, body(amount={"amount": "-1", "currency": "EUR"}), "key-0004")
    assert bad.status_code == 400
    assert not IdempotencyKey.objects.exists()
    good = post(startup_user, body(), "key-0004")
    assert good.status_code == 201
    assert "Idempotent-Replayed" not in good


@pytest.mark.django_db
def test_a_conflict_is_not_stored_either(startup_user):
    assert post(startup_user, body(), "key-0005").status_code == 201
    conflict = post(startup_user, body(), "key-0006")
    assert conflict.status_code == 409
    assert IdempotencyKey.objects.filter(key="key-0006").count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "a" * 256, "clé-accentuée", "has space"])
def test_invalid_keys_are_refused(startup_user, key):
    response = post(startup_user, body(), key)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_idempotency_key"
    assert Declaration.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_with_one_key_create_one_row(startup_user):
    # Given several clients sending the same request with the same key at the same moment
    threads_count = 4
    barrier = threading.Barrier(threads_count)
    results: list[tuple[int, dict, str | None]] = []
    lock = threading.Lock()

    def send() -> None:
        try:
            barrier.wait()
            response = post(startup_user, body(), "concurrent-key-1")
            with lock:
                results.append(
                    (response.status_code, response.json(), response.get("Idempotent-Replayed"))
                )
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # Then exactly one declaration exists, every client got it, and only one was not a replay
    assert len(results) == threads_count
    assert {status for status, _, _ in results} == {201}
    assert len({data["id"] for _, data, _ in results}) == 1
    assert sorted(str(replayed) for _, _, replayed in results) == ["None"] + ["true"] * (
        threads_count - 1
    )
    assert Declaration.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1
