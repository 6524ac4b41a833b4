"""Countries: names and variants -> ISO 3166 alpha-3; scope words; multi-valued cells."""

import pytest

from ict_response import ingest
from ict_response import normalise as nz
from ict_response import taxonomy as tx


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("Côte d'Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Côte d’Ivoire", "CIV"),  # typographic apostrophe
        ("Ivory Coast", "CIV"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Viet Nam", "VNM"),
        ("Vietnam", "VNM"),
        ("Russian Federation", "RUS"),
        ("Russia", "RUS"),
        ("Republic of Korea", "KOR"),
        ("Korea, Republic of", "KOR"),
        ("South Korea", "KOR"),
        ("Lao PDR", "LAO"),
        ("United Republic of Tanzania", "TZA"),
        ("Democratic Republic of the Congo", "COD"),
        ("DR Congo", "COD"),
        ("USA", "USA"),
        ("United States of America", "USA"),
        ("UK", "GBR"),
        ("Kenya", "KEN"),
        ("KENYA", "KEN"),
        ("KE", "KEN"),  # ISO alpha-2
        ("KEN", "KEN"),  # ISO alpha-3
        ("Namibia", "NAM"),
        ("NA", "NAM"),  # Namibia's code, not "missing"
        ("Kenya (Republic of)", "KEN"),
    ],
)
def test_variant_to_iso3(text, iso3):
    assert nz.normalise_country(text) == iso3


@pytest.mark.parametrize("text", ["Atlantis", "", "  ", "Global", "Africa", "XYZ", "Q"])
def test_unknown_is_none(text):
    assert nz.normalise_country(text) is None


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("Global", "Global"),
        ("Worldwide", "Global"),
        ("International", "Global"),
        ("global", "Global"),
        ("Africa", "Regional"),
        ("Regional", "Regional"),
        ("Asia-Pacific", "Regional"),
        ("Kenya", None),
        ("Atlantis", None),
        ("", None),
    ],
)
def test_scope_word(text, scope):
    assert nz.scope_word(text) == scope


@pytest.mark.parametrize(
    ("raw", "countries", "scope"),
    [
        ("Kenya", ["KEN"], "National"),
        ("Kenya, Uganda", ["KEN", "UGA"], "Multi-country"),
        ("Korea, Republic of; Kenya", ["KOR", "KEN"], "Multi-country"),
        ("Kenya | Uganda", ["KEN", "UGA"], "Multi-country"),
        ("Kenya\nUganda", ["KEN", "UGA"], "Multi-country"),
        ("Kenya\r\nUganda", ["KEN", "UGA"], "Multi-country"),
        ('["Kenya","Uganda"]', ["KEN", "UGA"], "Multi-country"),
        ("Kenya; Kenya; KE", ["KEN"], "National"),  # one country, however often named
        ("Tanzania, United Republic of, Kenya", ["TZA", "KEN"], "Multi-country"),
        ("Global", [], "Global"),
        ("Worldwide", [], "Global"),
        ("Africa", [], "Regional"),
        ("Kenya; Global", ["KEN"], "Global"),  # a scope word wins over the country count
        ("", [], None),
    ],
)
def test_parse_countries_splits_cells(raw, countries, scope):
    (found, found_scope), warnings = ingest.parse_countries(raw)
    assert found == countries
    assert found_scope == scope
    assert warnings == []


def test_unknown_country_is_a_warning_and_the_rest_is_kept():
    (found, scope), warnings = ingest.parse_countries("Kenya, Atlantis")
    assert found == ["KEN"]
    assert scope == "National"
    assert warnings == ["not a known country: 'Atlantis'"]

    (found, scope), warnings = ingest.parse_countries("Atlantis")
    assert (found, scope) == ([], None)
    assert warnings == ["not a known country: 'Atlantis'"]


def test_every_reference_country_has_regions_in_both_schemes():
    countries = tx.countries()
    assert len(countries) >= 240
    for c in countries.values():
        assert nz.normalise_country(c.iso3) == c.iso3
        assert nz.normalise_country(c.name) == c.iso3
        assert c.itu_region in tx.ITU_REGIONS
        assert c.m49_region
    assert countries["KEN"].itu_region == "Africa"
    assert countries["VNM"].itu_region == "Asia-Pacific"
    assert countries["KOR"].m49_region == "Asia"
    assert countries["KEN"].m49_subregion == "Sub-Saharan Africa"
