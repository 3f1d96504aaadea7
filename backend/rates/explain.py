"""The rate of a conversion in plain words, in French and English.

"Bank Al-Maghrib rate of Friday 27 March 2026 carried forward to Sunday 29 March 2026". Day and
month names are spelled here rather than through the process locale, which a server may not have.
"""

from datetime import date

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


def explain(*, method: str, currency: str, rate_date: date, value_date: date) -> dict[str, str]:
    """`{"en": ..., "fr": ...}` saying which rate was used and why."""
    moved = rate_date != value_date
    if method == "derived":
        en = (
            f"Bank Al-Maghrib EUR rate crossed with the ECB {currency} per EUR rate of "
            f"{day_en(rate_date)}"
        )
        fr = (
            f"Cours EUR de Bank Al-Maghrib croisé avec le cours BCE {currency} par EUR du "
            f"{day_fr(rate_date)}"
        )
        if moved:
            en += f", carried forward to {day_en(value_date)}"
            fr += f", reporté au {day_fr(value_date)}"
        return {"en": en, "fr": fr}
    if method == "estimate":
        return {
            "en": (
                f"ESTIMATE, not an official rate: last Bank Al-Maghrib rate known, of "
                f"{day_en(rate_date)}, used for {day_en(value_date)}"
            ),
            "fr": (
                f"ESTIMATION, pas un cours officiel : dernier cours Bank Al-Maghrib connu, du "
                f"{day_fr(rate_date)}, utilisé pour le {day_fr(value_date)}"
            ),
        }
    if currency == "MAD":
        return {
            "en": "Amount declared in dirhams: no conversion",
            "fr": "Montant déclaré en dirhams : pas de conversion",
        }
    if moved:
        return {
            "en": (
                f"Bank Al-Maghrib rate of {day_en(rate_date)} carried forward to "
                f"{day_en(value_date)} (no publication that day)"
            ),
            "fr": (
                f"Cours Bank Al-Maghrib du {day_fr(rate_date)} reporté au {day_fr(value_date)} "
                "(pas de publication ce jour-là)"
            ),
        }
    return {
        "en": f"Bank Al-Maghrib rate of {day_en(rate_date)}",
        "fr": f"Cours Bank Al-Maghrib du {day_fr(rate_date)}",
    }
