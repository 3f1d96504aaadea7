"""A JSON parser that keeps numbers exact, so a float amount can be recognised and refused."""

import codecs
import json
from decimal import Decimal
from typing import Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a valid JSON value")


class ExactJSONParser(JSONParser):
    """Numbers with a fraction or exponent become `Decimal`, never `float` (no silent rounding)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            decoded = codecs.getreader(encoding)(stream)
            return json.load(decoded, parse_float=Decimal, parse_constant=_refuse_constant)
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
