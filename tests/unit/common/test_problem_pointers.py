"""Turning DRF's nested error detail into RFC 6901 pointers."""

from rest_framework.exceptions import ErrorDetail

from backend.common.errors import field_errors


def test_nested_fields_become_pointers():
    detail = {
        "amount": {"amount": [ErrorDetail("Too many decimals.", code="max_decimal_places")]},
        "non_field_errors": [ErrorDetail("Inconsistent dates.", code="dates")],
        "lines": [{}, {"qty": [ErrorDetail("Required.", code="required")]}],
        "a/b": [ErrorDetail("Odd key.", code="invalid")],
    }
    assert field_errors(detail) == [
        {"pointer": "/amount/amount", "code": "max_decimal_places", "detail": "Too many decimals."},
        {"pointer": "", "code": "dates", "detail": "Inconsistent dates."},
        {"pointer": "/lines/1/qty", "code": "required", "detail": "Required."},
        {"pointer": "/a~1b", "code": "invalid", "detail": "Odd key."},
    ]
