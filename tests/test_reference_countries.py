"""Checks on data/reference/countries.csv and data/reference/country_aliases.csv."""

import csv
import re
import unicodedata
from pathlib import Path

import pycountry
import pytest

ROOT = Path(__file__).resolve().parents[1]
COUNTRIES = ROOT / "data" / "reference" / "countries.csv"
ALIASES = ROOT / "data" / "reference" / "country_aliases.csv"

COLUMNS = ["iso3", "iso2", "m49", "name", "itu_region", "m49_region", "m49_subregion"]
ITU_REGIONS = {"Africa", "Americas", "Arab States", "Asia-Pacific", "CIS", "Europe"}
M49_SUBREGIONS = {
    "Africa": {"Northern Africa", "Sub-Saharan Africa"},
    "Americas": {"Latin America and the Caribbean", "Northern America"},
    "Asia": {"Central Asia", "Eastern Asia", "South-eastern Asia", "Southern Asia", "Western Asia"},
    "Europe": {"Eastern Europe", "Northern Europe", "Southern Europe", "Western Europe"},
    "Oceania": {"Australia and New Zealand", "Melanesia", "Micronesia", "Polynesia"},
    "Antarctica": {"Antarctica"},  # M49 assigns Antarctica to no region
}
# The 22 League of Arab States members (Palestine is an ITU observer).
ARAB_STATES = set(
    ("DZA BHR COM DJI EGY IRQ JOR KWT LBN LBY MRT MAR OMN PSE QAT SAU SOM SDN SYR TUN ARE YEM").split()
)
CIS = {"ARM", "AZE", "BLR", "KAZ", "KGZ", "RUS", "TJK", "TKM", "UZB"}
# Entries that are not in ISO 3166-1 but are deliberately added.
EXTRA_ISO3 = {"XKX"}


def _read(path):
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def _norm(text):
    """Case-fold, strip accents and punctuation, collapse whitespace."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


@pytest.fixture(scope="module")
def countries():
    header, rows = _read(COUNTRIES)
    assert header == COLUMNS
    return rows


@pytest.fixture(scope="module")
def by_iso3(countries):
    return {r["iso3"]: r for r in countries}


@pytest.fixture(scope="module")
def aliases():
    header, rows = _read(ALIASES)
    assert header == ["alias", "iso3"]
    return rows


def test_every_pycountry_entry_has_exactly_one_row(countries):
    counts = {}
    for r in countries:
        counts[r["iso3"]] = counts.get(r["iso3"], 0) + 1
    expected = {c.alpha_3 for c in pycountry.countries}
    assert len(expected) == 249
    for a3 in expected:
        assert counts.get(a3) == 1, a3
    assert set(counts) - expected == EXTRA_ISO3


def test_iso3_unique(countries):
    iso3 = [r["iso3"] for r in countries]
    assert len(iso3) == len(set(iso3))
    assert all(re.fullmatch(r"[A-Z]{3}", c) for c in iso3)


def test_codes_and_names_match_pycountry(by_iso3):
    for c in pycountry.countries:
        row = by_iso3[c.alpha_3]
        assert row["iso2"] == c.alpha_2
        assert row["m49"] == c.numeric and len(row["m49"]) == 3
        assert row["name"].strip() == row["name"] and row["name"]


def test_every_row_has_one_itu_region(countries):
    for r in countries:
        assert r["itu_region"] in ITU_REGIONS, r


def test_every_row_has_one_m49_region_and_subregion(countries):
    for r in countries:
        assert r["m49_region"] in M49_SUBREGIONS, r
        assert r["m49_subregion"] in M49_SUBREGIONS[r["m49_region"]], r
    antarctic = {r["iso3"] for r in countries if r["m49_region"] == "Antarctica"}
    assert antarctic == {"ATA"}


def test_arab_states_are_exactly_the_22(countries):
    assert {r["iso3"] for r in countries if r["itu_region"] == "Arab States"} == ARAB_STATES


def test_cis_region(countries):
    assert {r["iso3"] for r in countries if r["itu_region"] == "CIS"} == CIS


@pytest.mark.parametrize(
    "iso3, itu_region, m49_region, m49_subregion",
    [
        ("EGY", "Arab States", "Africa", "Northern Africa"),
        ("NGA", "Africa", "Africa", "Sub-Saharan Africa"),
        ("SDN", "Arab States", "Africa", "Northern Africa"),
        ("SSD", "Africa", "Africa", "Sub-Saharan Africa"),
        ("MRT", "Arab States", "Africa", "Sub-Saharan Africa"),
        ("BRA", "Americas", "Americas", "Latin America and the Caribbean"),
        ("MEX", "Americas", "Americas", "Latin America and the Caribbean"),
        ("USA", "Americas", "Americas", "Northern America"),
        ("IND", "Asia-Pacific", "Asia", "Southern Asia"),
        ("IRN", "Asia-Pacific", "Asia", "Southern Asia"),
        ("CHN", "Asia-Pacific", "Asia", "Eastern Asia"),
        ("VNM", "Asia-Pacific", "Asia", "South-eastern Asia"),
        ("SAU", "Arab States", "Asia", "Western Asia"),
        ("RUS", "CIS", "Europe", "Eastern Europe"),
        ("KAZ", "CIS", "Asia", "Central Asia"),
        ("ARM", "CIS", "Asia", "Western Asia"),
        ("UKR", "Europe", "Europe", "Eastern Europe"),
        ("FRA", "Europe", "Europe", "Western Europe"),
        ("GBR", "Europe", "Europe", "Northern Europe"),
        ("ITA", "Europe", "Europe", "Southern Europe"),
        ("TUR", "Europe", "Asia", "Western Asia"),
        ("ISR", "Europe", "Asia", "Western Asia"),
        ("AUS", "Asia-Pacific", "Oceania", "Australia and New Zealand"),
        ("FJI", "Asia-Pacific", "Oceania", "Melanesia"),
        ("HKG", "Asia-Pacific", "Asia", "Eastern Asia"),
        ("PRI", "Americas", "Americas", "Latin America and the Caribbean"),
        ("REU", "Africa", "Africa", "Sub-Saharan Africa"),
        ("BVT", "Americas", "Americas", "Latin America and the Caribbean"),
        ("ESH", "Africa", "Africa", "Northern Africa"),
        ("ATA", "Asia-Pacific", "Antarctica", "Antarctica"),
        ("XKX", "Europe", "Europe", "Southern Europe"),
    ],
)
def test_spot_checks(by_iso3, iso3, itu_region, m49_region, m49_subregion):
    row = by_iso3[iso3]
    assert (row["itu_region"], row["m49_region"], row["m49_subregion"]) == (
        itu_region,
        m49_region,
        m49_subregion,
    )


def test_spot_check_names(by_iso3):
    assert by_iso3["EGY"]["m49"] == "818"
    assert by_iso3["AFG"]["m49"] == "004"
    assert by_iso3["BOL"]["name"] == "Bolivia"
    assert by_iso3["IRN"]["name"] == "Iran"
    assert by_iso3["TZA"]["name"] == "Tanzania"
    assert by_iso3["COD"]["name"] == "Democratic Republic of the Congo"
    assert by_iso3["XKX"]["m49"] == ""


def test_alias_iso3_exist(aliases, by_iso3):
    for a in aliases:
        assert a["alias"].strip(), a
        assert a["iso3"] in by_iso3, a


def test_no_alias_maps_to_two_countries(aliases):
    folded, normed = {}, {}
    for a in aliases:
        for key, seen in ((a["alias"].casefold(), folded), (_norm(a["alias"]), normed)):
            assert seen.setdefault(key, a["iso3"]) == a["iso3"], (a, seen[key])


def test_aliases_agree_with_pycountry_names(aliases):
    """An alias must never equal another country's pycountry name."""
    alias_map = {_norm(a["alias"]): a["iso3"] for a in aliases}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value and _norm(value) in alias_map:
                assert alias_map[_norm(value)] == c.alpha_3, (value, c.alpha_3)


@pytest.mark.parametrize(
    "alias, iso3",
    [
        ("Cote d'Ivoire", "CIV"),
        ("Ivory Coast", "CIV"),
        ("Turkey", "TUR"),
        ("Korea, Republic of", "KOR"),
        ("North Korea", "PRK"),
        ("DRC", "COD"),
        ("Congo", "COG"),
        ("U.S.A.", "USA"),
        ("Great Britain", "GBR"),
        ("Lao PDR", "LAO"),
        ("Swaziland", "SWZ"),
        ("Hong Kong, China", "HKG"),
        ("Macau", "MAC"),
        ("Kosovo", "XKX"),
    ],
)
def test_alias_spot_checks(aliases, alias, iso3):
    alias_map = {_norm(a["alias"]): a["iso3"] for a in aliases}
    assert alias_map[_norm(alias)] == iso3
