"""Names in the reader's language (ict_response.names): official Action Line and SDG names,
ITU regions, M49 areas and countries by code, and query results rewritten after the cache
with their codes untouched."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from ict_response import i18n, names, taxonomy
from ict_response.paths import REFERENCE_DIR

OTHER_LANGUAGES = [lang for lang in i18n.LANGUAGES if lang != i18n.SOURCE]


def test_every_action_line_sdg_and_itu_region_has_a_name_in_every_language():
    with open(REFERENCE_DIR / "names.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    have = {(r["kind"], r["code"], r["lang"]) for r in rows if r["name"].strip()}
    for lang in OTHER_LANGUAGES:
        for line in taxonomy.action_lines():
            assert ("action_line", line.code, lang) in have
        for goal in taxonomy.sdgs():
            assert ("sdg", str(goal.number), lang) in have
        for region in taxonomy.ITU_REGIONS:
            assert ("itu_region", region, lang) in have


def test_english_is_the_data_as_it_is():
    frame = pd.DataFrame({"action_line": ["C7-EHEALTH"], "name": ["E-health"], "cases": [3]})
    assert names.localise(frame) is frame
    assert names.region("Sub-Saharan Africa") == "Sub-Saharan Africa"


@pytest.mark.parametrize(
    ("lang", "goal", "expected"),
    [("fr", 3, "Bonne santé et bien-être"), ("es", 4, "Educación de calidad"), ("zh", 1, "无贫穷")],
)
def test_sdg_official_names(lang, goal, expected):
    with i18n.using(lang):
        assert names.sdg(goal, "whatever") == expected


def test_regions_by_scheme():
    with i18n.using("fr"):
        assert names.region("Arab States") == "États arabes"
        assert names.region("Latin America and the Caribbean") == "Amérique latine et Caraïbes"
        assert names.region("Western Europe") == "Europe de l’Ouest"  # CLDR, by M49 code 155
    with i18n.using("ru"):
        assert names.region("CIS") == "СНГ"


def test_countries_by_code_or_english_name():
    with i18n.using("es"):
        assert names.country("KEN") == "Kenia"
        assert names.country(None, "Kenya") == "Kenia"
        assert names.country(None, "Atlantis") == "Atlantis"  # unknown: as given


def test_localise_rewrites_names_and_keeps_codes():
    frame = pd.DataFrame(
        {
            "action_line": ["C2", "C7-EHEALTH"],
            "name": ["Information and communication infrastructure", "E-health"],
            "short_name": ["Infrastructure", "E-health"],
            "cases": [4, 2],
        }
    )
    with i18n.using("fr"):
        out = names.localise(frame)
    assert list(out["action_line"]) == ["C2", "C7-EHEALTH"]
    assert list(out["short_name"]) == ["Infrastructure", "Cybersanté"]
    assert out["name"][0] == "Infrastructure de l'information et de la communication"
    assert list(frame["short_name"]) == ["Infrastructure", "E-health"], "the cached frame is untouched"

    countries = pd.DataFrame(
        {"country": ["KEN", "EGY"], "name": ["Kenya", "Egypt"], "region": ["Africa", "Arab States"]}
    )
    with i18n.using("ar"):
        out = names.localise(countries)
    assert list(out["name"]) == ["كينيا", "مصر"]
    assert list(out["region"]) == ["Africa", "Arab States"], "a region column is what a click filters on"


def test_localise_names_statuses_kinds_of_session_and_of_initiative():
    """The values the product knows; one an export names otherwise stays as written."""
    frame = pd.DataFrame(
        {
            "session_type": ["Thematic Workshop", "WSIS TalkX", "Lightning talk"],
            "status": ["Completed", "Ongoing", None],
            "category": ["Webinar series", "Publication (digital health)", "Emergency telecommunications"],
        }
    )
    with i18n.using("zh"):
        out = names.localise(frame)
    assert list(out["session_type"]) == ["专题研讨会", "WSIS TalkX", "Lightning talk"]
    assert list(out["category"]) == ["网络研讨会系列", "出版物（数字健康）", "应急通信"]
    assert list(out["status"])[:2] == ["已完成", "进行中"] and pd.isna(out["status"][2])


def test_a_country_by_code_alone_is_named_in_english_too():
    assert names.country("KEN") == "Kenya"
    with i18n.using("zh"):
        assert names.country("KEN") == "肯尼亚"


def test_localise_names_countries_and_regions_listed_in_one_text():
    frame = pd.DataFrame(
        {"case_id": ["a"], "countries": ["Kenya; Uganda"], "regions": ["Africa; Arab States"]}
    )
    with i18n.using("fr"):
        out = names.localise(frame)
    assert out["countries"][0] == "Kenya; Ouganda"
    assert out["regions"][0] == "Afrique; États arabes"


def test_plain_c7_beside_its_sub_lines_keeps_its_qualifier():
    frame = pd.DataFrame({"action_line": ["C7"], "short_name": [names.C7_ALONE], "cases": [0]})
    with i18n.using("fr"):
        out = names.localise(frame)
        assert out["short_name"][0] == i18n._(names.C7_ALONE) != names.C7_ALONE


def test_a_cases_action_lines_and_sdgs_in_one_text_are_named_in_the_language():
    detail = pd.DataFrame(
        {
            "case_id": ["a"],
            "action_lines": ["C7-EHEALTH E-health; C2 Information and communication infrastructure"],
            "sdgs": ["SDG 3 Good health and well-being"],
            "sdgs_implied": [""],
        }
    )
    codes = pd.DataFrame({"case_id": ["a"], "action_lines": ["C7-EHEALTH; C2"], "sdgs": ["3; 9"]})
    with i18n.using("es"):
        out, listed = names.localise(detail), names.localise(codes)
        sdg_label = i18n._("SDG {number} {name}").format(number=3, name="Salud y bienestar")
    assert (
        out["action_lines"][0]
        == "C7-EHEALTH Cibersalud; C2 Infraestructura de la información y la comunicación"
    )
    assert out["sdgs"][0] == sdg_label and out["sdgs_implied"][0] == ""
    assert listed.equals(codes), "codes alone stay as they are"
