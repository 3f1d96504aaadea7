"""Signing in and out through the real SPA served by the real Django app."""

import re

import pytest
from playwright.sync_api import Page, expect

ROLE_USERS = [
    ("startup", "demo-startup-1"),
    ("regulator", "demo-regulator"),
    ("advocate", "demo-advocate"),
]


def sign_in(page: Page, *, username: str, password: str) -> None:
    page.get_by_label("Nom d'utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


@pytest.mark.parametrize(("role", "username"), ROLE_USERS, ids=[role for role, _ in ROLE_USERS])
def test_each_role_signs_in_to_its_home_and_signs_out(
    page: Page, demo_users: str, role: str, username: str
) -> None:
    # Given a visitor without a session, the root sends them to the sign-in page
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_test_id("login-title")).to_have_text("Connexion")
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    # When they sign in with their demo account
    sign_in(page, username=username, password=demo_users)

    # Then they land on their role's home, with their identity in the header
    expect(page.get_by_test_id(f"home-{role}")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/{role}$"))
    expect(page.get_by_test_id("current-user")).to_contain_text(username)

    # When they sign out, they are back at the sign-in page
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_test_id("login-title")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login$"))

    # And the session is gone on the server too: their home now asks them to sign in
    page.goto(f"/{role}")
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_test_id(f"home-{role}")).to_have_count(0)


def test_wrong_password_shows_the_server_reason_and_stays_on_sign_in(
    page: Page, demo_users: str
) -> None:
    page.goto("/login")

    sign_in(page, username="demo-startup-1", password=demo_users + "-wrong")

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("La connexion a échoué.")
    # in French, not the server's English detail
    expect(alert).to_contain_text("Identifiant inconnu ou mot de passe erroné.")
    expect(alert).not_to_contain_text("Unknown username")
    expect(page).to_have_url(re.compile(r"/login$"))


def test_language_choice_survives_a_reload(page: Page, demo_users: str) -> None:
    page.goto("/login")

    page.get_by_role("button", name="English").click()
    expect(page.get_by_test_id("login-title")).to_have_text("Sign in")
    page.reload()

    expect(page.get_by_test_id("login-title")).to_have_text("Sign in")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_the_app_is_served_under_its_content_security_policy(page: Page, demo_users: str) -> None:
    # Given the SPA served with the production policy (the page fixture fails on any violation),
    response = page.goto("/login")
    assert response is not None
    policy = response.headers["content-security-policy"]
    for directive in ("script-src 'self'", "style-src 'self'", "object-src 'none'"):
        assert directive in policy
    assert "frame-ancestors 'none'" in policy
    assert "camera=()" in response.headers["permissions-policy"]
    # then signing in and reaching a role's home runs entirely under it.
    sign_in(page, username="demo-startup-1", password=demo_users)
    expect(page.get_by_test_id("home-startup")).to_be_visible()


def test_a_locked_account_is_told_when_to_retry(page: Page, demo_users: str) -> None:
    page.goto("/login")
    for _ in range(5):
        sign_in(page, username="demo-startup-2", password="not-the-password")
    alert = page.get_by_role("alert")
    # in the page's language only (French by default), with the wait in minutes.
    expect(alert).to_contain_text("Réessayez après")
    expect(alert).to_contain_text("minutes")
    expect(alert).not_to_contain_text("Try again after")
