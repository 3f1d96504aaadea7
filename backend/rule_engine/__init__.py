"""The pure rule engine: rulebook schema, parsing and the one vectorised evaluator.

Imports pandas/numpy only; no Django, no I/O beyond the packaged JSON schema, no clock.
"""
