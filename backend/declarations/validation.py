"""The rules a declared payment must satisfy, shared by the API and the bulk import.

Each rule has a stable code and one message, so the form, the API and the import report say the
same thing about the same mistake.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from backend.common.iso import COUNTRIES, CURRENCY_MINOR_UNITS
from backend.rule_engine.plural import plural

# No startup payment comes near a trillion units of any currency; above that it is a typing error
# (and the MAD equivalent must stay far inside int64 minor units in the engine).
MAX_AMOUNT = Decimal("1000000000000")
# Exchange records are kept ten years; a value date older than that is a typing error.
VALUE_DATE_MAX_AGE_YEARS = 10
# A receipt declared ahead is expected within a year at most; beyond, it is a typing error (and
# no repatriation deadline of the rulebooks runs that long).
EXPECTED_RECEIPT_MAX_DAYS_AHEAD = 366
# A subscription paid ahead runs at most ten years.
SUBSCRIPTION_MAX_MONTHS = 120
REFERENCE_MAX_LENGTH = 64
COUNTERPARTY_NAME_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 1000
WITHDRAWAL_REASON_MAX_LENGTH = 1000

PLAIN_DECIMAL = re.compile(r"^[0-9]+(\.[0-9]+)?$")
# Letters, digits and the separators invoice numbers use; no control characters or spaces at ends.
REFERENCE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._/#:-]*$")


@dataclass(frozen=True)
class Rule:
    """A validation failure: its stable code and the message shown to people."""

    code: str
    message: str

    def format(self, **values: object) -> str:
        """The message with its placeholders filled."""
        return self.message.format(**values)


AMOUNT_NOT_STRING = Rule(
    "amount_not_string",
    'Send the amount as a decimal string such as "1250.00" (or a whole number); '
    "numbers with a fraction are refused because they may lose precision.",
)
AMOUNT_EXPONENT = Rule(
    "amount_exponent", 'Write the amount in full, without exponent notation (not "1E3").'
)
AMOUNT_INVALID = Rule(
    "amount_invalid", 'Not an amount: use digits and one decimal point, e.g. "1250.00".'
)
AMOUNT_NOT_POSITIVE = Rule("amount_not_positive", "The amount must be greater than zero.")
AMOUNT_TOO_LARGE = Rule("amount_too_large", "The amount must not exceed {limit}.")
AMOUNT_TOO_PRECISE = Rule("amount_too_precise", "{currency} amounts have {places}.")


def decimal_places_en(places: int) -> str:
    """ "no decimal places", "at most 1 decimal place", "at most 3 decimal places"."""
    if places == 0:
        return "no decimal places"
    return plural("en", places, "at most # decimal place", "at most # decimal places")


UNKNOWN_CURRENCY = Rule("unknown_currency", "Not an ISO 4217 currency code: {value!r}.")
UNKNOWN_COUNTRY = Rule("unknown_country", "Not an ISO 3166-1 alpha-2 country code: {value!r}.")
DATE_IN_FUTURE = Rule(
    "date_in_future", "The value date cannot be in the future (today is {today})."
)
DATE_TOO_OLD = Rule("date_too_old", "The value date cannot be before {earliest}.")
DATE_INVALID = Rule("date_invalid", "Not a date: use YYYY-MM-DD or DD/MM/YYYY.")
INVALID_REFERENCE = Rule(
    "invalid_reference",
    "A reference starts with a letter or digit and uses only letters, digits, spaces "
    "and . _ / # : -",
)
REQUIRED = Rule("required", "This field is required.")
TOO_LONG = Rule("too_long", "At most {limit} characters.")
INVALID_CHOICE = Rule("invalid_choice", "{value!r} is not one of: {choices}.")
DIRECTION_MISMATCH = Rule(
    "direction_mismatch",
    "A receipt from a foreign client (SERVICE_EXPORT_RECEIPT) is incoming; every other "
    "category is outgoing.",
)
REPATRIATION_NOT_APPLICABLE = Rule(
    "not_applicable", "An expected repatriation date only applies to incoming payments."
)
REPATRIATION_BEFORE_PERFORMANCE = Rule(
    "date_order", "The expected repatriation date cannot be before the service performance date."
)
# Exchange control tracks payments across the border: dirhams paid to a Moroccan counterparty
# never leave the country. Both halves are refused with the same code, each on its own field.
HOME_CURRENCY = "MAD"
HOME_COUNTRY = "MA"
NOT_CROSS_BORDER_CURRENCY = Rule(
    "not_cross_border",
    "A payment in dirhams (MAD) is not a cross-border payment: declare the foreign currency "
    "actually paid or received.",
)
NOT_CROSS_BORDER_COUNTRY = Rule(
    "not_cross_border",
    "A counterparty in Morocco (MA) is not a cross-border payment: only payments to or from "
    "abroad are declared.",
)
PERFORMANCE_IN_FUTURE = Rule(
    "date_in_future", "The service performance date cannot be in the future (today is {today})."
)
VALUE_DATE_REQUIRED = Rule(
    "required",
    "The value date is required: the day the money left or arrived (a receipt still expected "
    'gives receipt_status "expected" and its expected_repatriation_date instead).',
)
RECEIPT_NOT_APPLICABLE = Rule(
    "not_applicable",
    "Only a receipt from a foreign client (SERVICE_EXPORT_RECEIPT) is expected or received.",
)
EXPECTED_DATE_REQUIRED = Rule(
    "required",
    "A receipt still expected says when the money is expected (expected_repatriation_date).",
)
EXPECTED_WITH_VALUE_DATE = Rule(
    "not_applicable",
    "A receipt still expected has no value date yet: its expected_repatriation_date says when; "
    "the value date is recorded when the money arrives.",
)
EXPECTED_TOO_FAR = Rule(
    "date_too_far",
    "The expected date cannot be more than {days} days ahead (at the latest {latest}).",
)
ADVANCE_NOT_APPLICABLE = Rule("not_applicable", "Only an outgoing payment can be an advance.")
CONTRACT_REQUIRED = Rule(
    "contract_required", "An advance states the contract's total amount (contract_amount)."
)
CONTRACT_NOT_APPLICABLE = Rule(
    "not_applicable", 'A contract amount only goes with an advance (payment_kind "advance").'
)
CONTRACT_CURRENCY_MISMATCH = Rule(
    "currency_mismatch",
    "State the contract amount in the payment's currency ({currency}), so the share paid "
    "ahead is exact.",
)
ADVANCE_EXCEEDS_CONTRACT = Rule(
    "advance_exceeds_contract", "An advance cannot be more than the contract's total amount."
)
SUBSCRIPTION_NOT_APPLICABLE = Rule(
    "not_applicable", 'A subscription term only goes with an advance (payment_kind "advance").'
)
SUBSCRIPTION_OUT_OF_RANGE = Rule(
    "out_of_range", f"A subscription runs from 1 to {SUBSCRIPTION_MAX_MONTHS} months."
)
NOT_EXPECTED = Rule(
    "not_an_expected_receipt",
    'Only a receipt declared ahead (receipt_status "expected") is completed when the money '
    "arrives.",
)
RECEIPT_CURRENCY_MISMATCH = Rule(
    "currency_mismatch",
    "The receipt was declared in {currency}: record what arrived in {currency} (amend the "
    "declaration first to change its currency).",
)
DUPLICATE_REFERENCE = Rule(
    "duplicate_reference", "Your organisation already declared a payment with this reference."
)
DUPLICATE_IN_FILE = Rule(
    "duplicate_in_file", "This reference already appears on row {row} of the file."
)


def earliest_value_date(today: date) -> date:
    """The oldest value date accepted on `today`."""
    try:
        return today.replace(year=today.year - VALUE_DATE_MAX_AGE_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - VALUE_DATE_MAX_AGE_YEARS, day=28)


def today_local() -> date:
    """Today in Morocco: a payment dated today in Casablanca is never 'in the future'."""
    return timezone.localdate()


def amount_check(raw: str, currency: str | None) -> tuple[Decimal | None, Rule | None, str]:
    """Parse a plain decimal amount string; (amount, None, "") or (None, rule, message)."""
    if "e" in raw.lower():
        return None, AMOUNT_EXPONENT, AMOUNT_EXPONENT.message
    if raw.startswith("-"):
        return None, AMOUNT_NOT_POSITIVE, AMOUNT_NOT_POSITIVE.message
    if not PLAIN_DECIMAL.match(raw):
        return None, AMOUNT_INVALID, AMOUNT_INVALID.message
    try:
        amount = Decimal(raw)
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        return None, AMOUNT_INVALID, AMOUNT_INVALID.message
    if amount <= 0:
        return None, AMOUNT_NOT_POSITIVE, AMOUNT_NOT_POSITIVE.message
    if amount > MAX_AMOUNT:
        return None, AMOUNT_TOO_LARGE, AMOUNT_TOO_LARGE.format(limit=f"{MAX_AMOUNT:,}")
    places = CURRENCY_MINOR_UNITS.get(currency or "")
    if places is not None and decimals_of(raw) > places:
        return (
            None,
            AMOUNT_TOO_PRECISE,
            AMOUNT_TOO_PRECISE.format(currency=currency, places=decimal_places_en(places)),
        )
    return amount, None, ""


def amount_text(amount: Decimal, currency: str) -> str:
    """The amount written with exactly the currency's minor units ("1250.00" EUR, "1250" JPY)."""
    places = CURRENCY_MINOR_UNITS.get(currency, 2)
    return str(amount.quantize(Decimal(1).scaleb(-places)))


def decimals_of(raw: str) -> int:
    """Decimal places written in a plain decimal string ("12.50" has 2; JPY "12.0" is refused)."""
    if "." not in raw:
        return 0
    return len(raw.split(".", 1)[1])


def value_date_check(value: date, today: date) -> str | None:
    """The message when a value date is out of range, else None."""
    if value > today:
        return DATE_IN_FUTURE.format(today=today.isoformat())
    earliest = earliest_value_date(today)
    if value < earliest:
        return DATE_TOO_OLD.format(earliest=earliest.isoformat())
    return None


def latest_expected_date(today: date) -> date:
    """The latest date a receipt declared on `today` may be expected."""
    return today + timedelta(days=EXPECTED_RECEIPT_MAX_DAYS_AHEAD)


def expected_date_check(value: date, today: date) -> str | None:
    """The message when a receipt's expected date is out of range, else None."""
    latest = latest_expected_date(today)
    if value > latest:
        return EXPECTED_TOO_FAR.format(days=EXPECTED_RECEIPT_MAX_DAYS_AHEAD, latest=latest)
    earliest = earliest_value_date(today)
    if value < earliest:
        return DATE_TOO_OLD.format(earliest=earliest.isoformat())
    return None


def is_currency(code: str) -> bool:
    """Whether the code is a currency a payment can be declared in."""
    return code in CURRENCY_MINOR_UNITS


def is_country(code: str) -> bool:
    """Whether the code is an ISO 3166-1 alpha-2 country."""
    return code in COUNTRIES
