"""Load the demonstration organisations and users (idempotent; refused in production)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from backend.accounts.demo import demo_load, demo_password_resolve


class Command(BaseCommand):
    help = "Create or refresh the fictional demo organisations and one user per role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            default="",
            help="Password for every demo user (default: DEMO_PASSWORD or generated).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "Demo data is never loaded with production settings (FXS_ENV=production)."
            )
        password = demo_password_resolve(explicit=options["password"])
        logins = demo_load(password=password)
        self.stdout.write(f"Demo logins (password for all: {password})")
        for login in logins:
            if not login.generated:
                self.stdout.write(f"  {login.username:<16} {login.role:<10} {login.organisation}")
        generated = [login.username for login in logins if login.generated]
        if generated:
            self.stdout.write(
                f"  {generated[0]} ... {generated[-1]}: {len(generated)} generated startups "
                "(same password)"
            )
