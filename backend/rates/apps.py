from django.apps import AppConfig


class RatesConfig(AppConfig):
    """Exchange-rate rows with provenance, providers, rate of a date and MAD conversion."""

    name = "backend.rates"
    label = "rates"
