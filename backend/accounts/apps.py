from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Organisations, participant profiles, users, memberships, roles and API tokens."""

    name = "backend.accounts"
    label = "accounts"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_login_failed

        from backend.accounts import schema  # noqa: F401  (registers the OpenAPI extension)
        from backend.accounts.signin import on_locked_out, on_login_failed

        user_login_failed.connect(on_login_failed, dispatch_uid="accounts.audit_login_failed")
        user_locked_out.connect(on_locked_out, dispatch_uid="accounts.audit_locked_out")
