from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    """Cases on flagged payments: assignment, requests to startups, decisions and SLAs."""

    name = "backend.reviews"
    label = "reviews"
    default_auto_field = "django.db.models.BigAutoField"
