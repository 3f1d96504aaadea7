"""Failed sign-ins are limited per username and per IP address, on the API and the admin alike;
the client address is read through the trusted proxies only; every failure and lock is audited;
a lock says when to retry and ends by time or by an admin."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from backend.audit.models import AuditEvent
from backend.common.roles import Role
from tests.factories import PASSWORD, make_organisation, make_user

LOGIN = "/api/v1/auth/login/"
ADMIN_LOGIN = "/admin/login/"
COOL_OFF_SECONDS = 15 * 60

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # Dozens of sign-ins per test: the lock-out policy is under test, not the key stretching.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(username: str, password: str, **headers: str):
    return APIClient().post(
        LOGIN, {"username": username, "password": password}, format="json", **headers
    )


def assert_locked(response, *, at_least: int, at_most: int) -> dict:
    assert response.status_code == 429, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert (body["status"], body["code"]) == (429, "signin_locked")
    assert at_least <= int(response["Retry-After"]) <= at_most
    assert body["retry_after"] == int(response["Retry-After"])
    return body


def test_made_up_forwarded_addresses_do_not_reset_the_count(startup_user):
    # Given no trusted proxy (the run command), when each wrong password claims another address,
    answers = [
        sign_in(startup_user.username, "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}")
        for attempt in range(5)
    ]
    # then the username is locked at the fifth failure, which says when to retry,
    assert [a.json()["code"] for a in answers] == ["invalid_credentials"] * 4 + ["signin_locked"]
    assert_locked(answers[-1], at_least=COOL_OFF_SECONDS - 60, at_most=COOL_OFF_SECONDS)
    # and even the right password waits,
    locked = sign_in(startup_user.username, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.1")
    body = assert_locked(locked, at_least=COOL_OFF_SECONDS - 60, at_most=COOL_OFF_SECONDS)
    assert "Réessayez après" in body["detail"]
    assert "Try again after" in body["detail"]
    assert "sessionid" not in locked.cookies
    # and every failure, the refusal and the lock are audited with the socket's address.
    failures = AuditEvent.objects.filter(action="auth.login_failed", actor_username="startup-a")
    assert [e.after["ip"] for e in failures] == ["127.0.0.1"] * 6
    assert sorted(e.after["refused_while_locked"] for e in failures) == [False] * 5 + [True]
    lock = AuditEvent.objects.get(action="auth.locked_out")
    assert (lock.actor_username, lock.after["ip"], lock.after["failures"]) == (
        "startup-a",
        "127.0.0.1",
        5,
    )


def test_thirty_colleagues_behind_one_address_all_sign_in():
    office = make_organisation(name="Office")
    people = [make_user(role=Role.STARTUP, organisation=office) for _ in range(30)]
    # Two of them mistype once first (failures count, successes do not).
    for person in people[:2]:
        assert sign_in(person.username, "typo").status_code == 400
    answers = [sign_in(person.username, PASSWORD).status_code for person in people]
    assert answers == [200] * 30


def test_an_address_is_locked_after_fifty_failures_across_usernames(startup_user):
    answers = [sign_in(f"guess-{attempt}", "wrong").status_code for attempt in range(50)]
    assert answers == [400] * 49 + [429]
    # The owner of a real account behind that address waits too (its own count is zero),
    assert_locked(sign_in(startup_user.username, PASSWORD), at_least=1, at_most=COOL_OFF_SECONDS)
    # while the same username from another address is not affected.
    other = sign_in(startup_user.username, PASSWORD, REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 200


def test_behind_the_proxy_the_address_it_vouches_for_is_the_client(startup_user, settings):
    # Given one trusted proxy that overwrites X-Forwarded-For with the address it saw,
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(5):
        sign_in("someone", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    # then failures count against that client, not against the proxy's own address,
    event = AuditEvent.objects.filter(action="auth.login_failed").first()
    assert event.after["ip"] == "203.0.113.7"
    # and another client behind the same proxy signs in.
    ok = sign_in(startup_user.username, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.8", **proxy)
    assert ok.status_code == 200


def test_a_lock_ends_by_time_and_the_next_one_lasts_twice_as_long(startup_user):
    for _ in range(5):
        sign_in(startup_user.username, "wrong")
    assert_locked(sign_in(startup_user.username, PASSWORD), at_least=1, at_most=COOL_OFF_SECONDS)
    # When the cool-off has passed since the last failure,
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(seconds=COOL_OFF_SECONDS))
    # then the right password signs in,
    assert sign_in(startup_user.username, PASSWORD).status_code == 200
    # and a second series of failures the same day locks for twice as long.
    AccessAttempt.objects.all().delete()
    for _ in range(5):
        sign_in(startup_user.username, "wrong")
    assert_locked(
        sign_in(startup_user.username, PASSWORD),
        at_least=2 * COOL_OFF_SECONDS - 60,
        at_most=2 * COOL_OFF_SECONDS,
    )


def test_the_admin_login_is_limited_and_audited_too(admin_user):
    admin_user.is_staff = True
    admin_user.save()
    client = Client()
    pages = [
        client.post(ADMIN_LOGIN, {"username": admin_user.username, "password": "wrong"})
        for _ in range(5)
    ]
    # The form again with its error four times, then the lock.
    assert [page.status_code for page in pages] == [200] * 4 + [429]
    locked = client.post(ADMIN_LOGIN, {"username": admin_user.username, "password": PASSWORD})
    assert locked.status_code == 429
    assert 1 <= int(locked["Retry-After"]) <= COOL_OFF_SECONDS
    text = locked.content.decode()
    assert "Réessayez après" in text
    assert "Try again after" in text
    assert "_auth_user_id" not in client.session
    failures = AuditEvent.objects.filter(action="auth.login_failed", actor_username="admin")
    assert {e.after["path"] for e in failures} == {ADMIN_LOGIN}
    assert failures.count() == 6
    assert AuditEvent.objects.filter(action="auth.locked_out", actor_username="admin").count() == 1


def test_an_admin_unlocks_a_locked_account_and_it_is_audited(startup_user, admin_user):
    admin_user.is_staff = True
    admin_user.is_superuser = True
    admin_user.save()
    for _ in range(5):
        sign_in(startup_user.username, "wrong")
    assert sign_in(startup_user.username, PASSWORD).status_code == 429
    staff = Client()
    staff.force_login(admin_user)
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))
    done = staff.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": attempts, "post": "yes"},
    )
    assert done.status_code == 302
    assert not AccessAttempt.objects.exists()
    unlock = AuditEvent.objects.get(action="auth.unlocked")
    assert (unlock.actor, unlock.after["username"], unlock.after["failures"]) == (
        admin_user,
        "startup-a",
        5,
    )
    assert sign_in(startup_user.username, PASSWORD).status_code == 200
