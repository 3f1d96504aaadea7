"""What every serializer field does on the wire, set once for all of them (present and future):
datetimes leave in UTC, and no date or datetime from outside the sandbox's window gets in.

DRF has no setting for either: it converts datetimes to the *current* time zone (the app keeps
Africa/Casablanca for "today" and schedules), and accepts any year from 1 to 9999, which date
arithmetic then overflows. `install()` runs once, from the common app's `ready()`.
"""

from datetime import UTC, date, datetime, tzinfo
from typing import Any

from rest_framework import fields, serializers

# The sandbox's dates: exchange records go back ten years and a startup is younger than the
# century, plans look a few years ahead. Wide enough for any real payment, publication or founding
# date; far from the edges where date arithmetic overflows (year 9999) or calendars blur (year 1).
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
OUT_OF_RANGE = "date_out_of_range"


def _utc(field: object) -> tzinfo:
    return UTC


def _in_window(value: date) -> None:
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise serializers.ValidationError(
            f"Dates must fall between {EARLIEST.isoformat()} and {LATEST.isoformat()}.",
            code=OUT_OF_RANGE,
        )


_date_input = fields.DateField.to_internal_value
_datetime_input = fields.DateTimeField.to_internal_value


def _date_in_window(self: fields.DateField, value: Any) -> date:
    parsed = _date_input(self, value)
    _in_window(parsed)
    return parsed


def _datetime_in_window(self: fields.DateTimeField, value: Any) -> datetime:
    parsed = _datetime_input(self, value)
    _in_window(parsed)
    return parsed


def install() -> None:
    """Make every DRF date and datetime field follow the rules above."""
    fields.DateTimeField.default_timezone = _utc  # type: ignore[method-assign,assignment]
    fields.DateField.to_internal_value = _date_in_window  # type: ignore[method-assign]
    fields.DateTimeField.to_internal_value = _datetime_in_window  # type: ignore[method-assign]
