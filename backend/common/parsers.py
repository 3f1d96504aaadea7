"""The JSON parser every API view uses: bounded nesting, finite numbers, problems not crashes."""

import codecs
import json
import math
from collections.abc import Callable
from typing import Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# No request body of this API nests deeper than a handful of levels (a declaration: 3); 32 leaves
# room for rulebook documents while keeping hostile input far from the interpreter's recursion
# limit, where the decoder would crash instead of answering.
MAX_JSON_DEPTH = 32


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a valid JSON value")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is out of range")
    return value


class NestingTooDeep(ParseError):
    """400 with its own stable code (the problem handler uses a subclass's `default_code`)."""

    default_code = "nesting_too_deep"
    default_detail = f"The JSON body nests deeper than {MAX_JSON_DEPTH} levels."


def _too_deep() -> NestingTooDeep:
    return NestingTooDeep()


def _check_depth(document: Any) -> None:
    """Walk the parsed document without recursion; refuse past MAX_JSON_DEPTH."""
    pending: list[tuple[Any, int]] = [(document, 1)]
    while pending:
        node, depth = pending.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > MAX_JSON_DEPTH:
            raise _too_deep()
        pending.extend((child, depth + 1) for child in children)


class SafeJSONParser(JSONParser):
    """JSON with NaN/Infinity and overflowing numbers refused (400), nesting bounded (400)."""

    parse_float: Callable[[str], Any] = staticmethod(_finite_float)

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            decoded = codecs.getreader(encoding)(stream)
            document = json.load(
                decoded, parse_float=self.parse_float, parse_constant=_refuse_constant
            )
        except RecursionError as exc:
            raise _too_deep() from exc
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
        _check_depth(document)
        return document
