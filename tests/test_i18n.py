"""The Russian interface: translations from one table, Russian plurals and dates."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.filters import Filters, describe
from geo.i18n import format_date, plural_ru, t
from geo.vocabulary import AFFECTED_SIDES, CLAIMANT_SIDES, EVENT_TYPES, METRICS, SEGMENT_STATUSES

D = dt.date


@pytest.mark.parametrize(("count", "form"), [(1, "событие"), (2, "события"), (5, "событий"), (11, "событий"),
                                             (21, "событие"), (22, "события"), (112, "событий"), (0, "событий")])
def test_russian_plurals(count, form) -> None:
    assert plural_ru(count, "событие", "события", "событий") == form


def test_russian_summary() -> None:
    sentence = describe(Filters(D(2022, 9, 14), D(2022, 9, 17), frozenset({"shelling"})),
                        event_count=12, place_count=1, unmapped_count=3, lang="ru")
    assert sentence == ("12 событий с 14 сен 2022 по 17 сен 2022 в 1 месте (типы: обстрел / ракетный огонь); "
                        "из них без места на карте: 3.")


def test_dates() -> None:
    assert format_date(D(2025, 3, 13), "ru") == "13 мар 2025"
    assert format_date(D(2025, 3, 13), "en") == "13 Mar 2025"


def test_untranslated_text_stays_english_and_english_is_unchanged() -> None:
    assert t("Something new", "ru") == "Something new"
    assert t("Events", "en") == "Events"


@pytest.mark.parametrize(
    "labels",
    [
        [v.label for v in EVENT_TYPES.values()],
        [v.label for v in SEGMENT_STATUSES.values()],
        list(METRICS.values()),
        list(AFFECTED_SIDES.values()),
        list(CLAIMANT_SIDES.values()),
    ],
)
def test_every_vocabulary_label_has_a_russian_translation(labels) -> None:
    missing = [label for label in labels if t(label, "ru") == label]
    assert missing == []
