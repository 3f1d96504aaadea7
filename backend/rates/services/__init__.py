"""Rates services: storing payloads, provider health, fetching."""
