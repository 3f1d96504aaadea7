from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Organisations, participant profiles, users, memberships, roles and API tokens."""

    name = "backend.accounts"
    label = "accounts"

    def ready(self) -> None:
        from backend.accounts import schema  # noqa: F401  (registers the OpenAPI extension)
