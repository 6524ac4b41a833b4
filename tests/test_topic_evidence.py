"""Why a topic was tagged, as a case's detail says it (ict_response/topic_evidence.py): each
signal of queries/topic_evidence.sql in words, in the reader's language. The query itself is
tested in test_queries.py, test_topic_rules.py and test_topic_model.py."""

from __future__ import annotations

import math

import pytest

from ict_response import i18n
from ict_response.topic_evidence import why_tagged


def row(**given: object) -> dict[str, object]:
    # As pandas gives a query's row: a column the query left empty is NaN.
    empty: dict[str, object] = {"field": None, "words": None, "matched": None}
    return {**empty, "action_line_name": math.nan, "via_label": math.nan, **given}


def test_each_signal_in_english():
    assert why_tagged(row(signal="words", field="keywords", words="vaccine")) == "the keywords say “vaccine”"
    assert (
        why_tagged(row(signal="action_line", matched="C7-EHEALTH", action_line_name="E-health"))
        == "its Action Line C7-EHEALTH (E-health)"
    )
    assert why_tagged(row(signal="action_line", matched="C12")) == "its Action Line C12"
    via = row(signal="sdg", matched="3", via_label="Telemedicine")
    assert why_tagged(via) == "its SDG 3, as Telemedicine"
    assert why_tagged(row(signal="model", words="Action Line C4, SDG 3, radio, lessons")) == (
        "its Action Line C4, SDG 3 and its words “radio”, “lessons”, weighed as in the cases readers labelled"
    )
    nothing_stands_out = row(signal="model", words="")
    assert why_tagged(nothing_stands_out) == "all it says, weighed as in the cases readers labelled"


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        # French quotes hold no-break spaces.
        ("fr", "le titre dit «\u00a0télémédecine\u00a0», au titre de Santé"),
        ("es", "el título dice «télémédecine», como Salud"),
        ("zh", "标题提到“télémédecine”，经由卫生"),
    ],
)
def test_the_words_of_a_field_in_the_readers_language(lang, said):
    with i18n.using(lang):
        found = row(signal="words", field="title", words="télémédecine", via_label="Health")
        assert why_tagged(found) == said


def test_the_models_evidence_lists_as_the_language_does():
    with i18n.using("zh"):
        said = why_tagged(row(signal="model", words="SDG 3, radio, lessons"))
    assert said == "其声明的目标 3及其用词“radio”、“lessons”，按读者标注案例中的方式加权"
