"""The rate of a conversion in plain words, in French and English.

"Bank Al-Maghrib rate of Friday 27 March 2026 carried forward to Sunday 29 March 2026 (no
publication: weekend)": a carry-forward names why each day it crosses had no publication. Day and
month names are spelled here rather than through the process locale, which a server may not have.
"""

from datetime import date

from backend.rates.calendar import BAM, ECB, ClosureKind, gap_closures

DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def day_en(day: date) -> str:
    """ "Friday 27 March 2026"."""
    return f"{DAYS_EN[day.weekday()]} {day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def day_fr(day: date) -> str:
    """ "vendredi 27 mars 2026" (1er for the first of the month)."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{DAYS_FR[day.weekday()]} {number} {MONTHS_FR[day.month - 1]} {day.year}"


def _gap(source: str, rate_date: date, value_date: date) -> tuple[str, str]:
    """Why nothing was published after `rate_date` up to `value_date`: "(no publication: ...)"
    naming each reason once (the holiday, the weekend, a confirmed day by its date)."""
    en: list[str] = []
    fr: list[str] = []
    for day, why in gap_closures(source, rate_date, value_date):
        if why.kind == ClosureKind.CONFIRMED:
            english, french = f"{day_en(day)}, {why.en}", f"{day_fr(day)}, {why.fr}"
        else:
            english, french = why.en, why.fr
        if english not in en:
            en.append(english)
            fr.append(french)
    return f"(no publication: {'; '.join(en)})", f"(pas de publication : {' ; '.join(fr)})"


def _leg(source: str, day: date, value_date: date) -> tuple[str, str]:
    """ " (carried forward: no publication: ...)" for a leg older than the value date, else ""."""
    if day == value_date:
        return "", ""
    why_en, why_fr = _gap(source, day, value_date)
    return f" {why_en}", f" {why_fr}"


def _derived(
    currency: str, rate_date: date, value_date: date, legs: tuple[date, date] | None
) -> dict[str, str]:
    euro_day, foreign_day = legs or (rate_date, rate_date)
    if euro_day == foreign_day:
        en = (
            f"Bank Al-Maghrib EUR rate crossed with the ECB {currency} per EUR rate of "
            f"{day_en(euro_day)}"
        )
        fr = (
            f"Cours EUR de Bank Al-Maghrib croisé avec le cours BCE {currency} par EUR du "
            f"{day_fr(euro_day)}"
        )
        if euro_day != value_date:
            why_en, why_fr = _gap(BAM, euro_day, value_date)
            en += f", carried forward to {day_en(value_date)} {why_en}"
            fr += f", reporté au {day_fr(value_date)} {why_fr}"
        return {"en": en, "fr": fr}
    euro_en, euro_fr = _leg(BAM, euro_day, value_date)
    foreign_en, foreign_fr = _leg(ECB, foreign_day, value_date)
    return {
        "en": (
            f"Bank Al-Maghrib EUR rate of {day_en(euro_day)}{euro_en} crossed with the ECB "
            f"{currency} per EUR rate of {day_en(foreign_day)}{foreign_en}, for "
            f"{day_en(value_date)}"
        ),
        "fr": (
            f"Cours EUR de Bank Al-Maghrib du {day_fr(euro_day)}{euro_fr} croisé avec le cours "
            f"BCE {currency} par EUR du {day_fr(foreign_day)}{foreign_fr}, pour le "
            f"{day_fr(value_date)}"
        ),
    }


def explain(
    *,
    method: str,
    currency: str,
    rate_date: date,
    value_date: date,
    legs: tuple[date, date] | None = None,
) -> dict[str, str]:
    """`{"en": ..., "fr": ...}` saying which rate was used and why; `legs` are the publication
    dates of the EUR and foreign legs of a derived rate when they differ."""
    moved = rate_date != value_date
    if method == "derived":
        return _derived(currency, rate_date, value_date, legs)
    if method == "estimate":
        return {
            "en": (
                f"ESTIMATE, provisional, not an official rate: last Bank Al-Maghrib rate known, "
                f"of {day_en(rate_date)}, used for {day_en(value_date)} until its own rate is "
                "published"
            ),
            "fr": (
                f"ESTIMATION provisoire, pas un cours officiel : dernier cours Bank Al-Maghrib "
                f"connu, du {day_fr(rate_date)}, utilisé pour le {day_fr(value_date)} en "
                "attendant la publication de son cours"
            ),
        }
    if currency == "MAD":
        return {
            "en": "Amount declared in dirhams: no conversion",
            "fr": "Montant déclaré en dirhams : pas de conversion",
        }
    if moved:
        why_en, why_fr = _gap(BAM, rate_date, value_date)
        return {
            "en": (
                f"Bank Al-Maghrib rate of {day_en(rate_date)} carried forward to "
                f"{day_en(value_date)} {why_en}"
            ),
            "fr": (
                f"Cours Bank Al-Maghrib du {day_fr(rate_date)} reporté au {day_fr(value_date)} "
                f"{why_fr}"
            ),
        }
    return {
        "en": f"Bank Al-Maghrib rate of {day_en(rate_date)}",
        "fr": f"Cours Bank Al-Maghrib du {day_fr(rate_date)}",
    }
