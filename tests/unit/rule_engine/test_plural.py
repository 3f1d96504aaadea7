import pytest

from backend.rule_engine.plural import plural, plural_category


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("fr", 0, "0 règle"),
        ("fr", 1, "1 règle"),
        ("fr", 2, "2 règles"),
        ("fr", 11, "11 règles"),
        ("en", 0, "0 rules"),
        ("en", 1, "1 rule"),
        ("en", 2, "2 rules"),
    ],
)
def test_the_form_follows_the_count_as_icu_chooses_it(language, count, expected):
    words = {"fr": ("# règle", "# règles"), "en": ("# rule", "# rules")}[language]
    assert plural(language, count, *words) == expected


def test_french_and_english_differ_on_zero_only():
    assert [plural_category("fr", n) for n in (0, 1, 2)] == ["one", "one", "other"]
    assert [plural_category("en", n) for n in (0, 1, 2)] == ["other", "one", "other"]
