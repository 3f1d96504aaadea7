"""Rulebook and cohort services: typed, keyword-only, atomic, audited."""
