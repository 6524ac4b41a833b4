"""One Filters value: parsed from URL parameters or CLI pairs, written back to both, bound
as SQL parameters, described in words. Unknown keys and values are notes, never errors."""

import datetime as dt

import pytest

from ict_response import taxonomy as tx
from ict_response.filters import Filters, filters_not_applying, keys


def test_empty():
    f = Filters.parse({})
    assert f == Filters()
    assert f.notes == ()
    assert f.to_query_params() == {}
    assert f.is_empty()
    assert f.describe() == "All cases"
    assert f.to_sql_params() == {
        "action_line": [],
        "sdg": [],
        "region": [],
        "region_scheme": "itu",
        "country": [],
        "entity_type": [],
        "topic": [],
        "collection": [],
        "date_from": None,
        "date_to": None,
        "q": None,
    }


def test_parse_normalises_every_key():
    f = Filters.parse(
        {
            "action_line": "AL C7 E-health",
            "sdg": "SDG 3",
            "region": "africa",
            "country": "Viet Nam",
            "entity_type": "NGO",
            "topic": "Telemedicine",
            "collection": "WSIS Stocktaking COVID-19",
            "from": "15/04/2020",
            "to": "April 2021",
            "q": "  tele  ",
        }
    )
    assert f.notes == ()
    assert f.action_line == ("C7-EHEALTH",)
    assert f.sdg == (3,)
    assert f.region == ("Africa",)
    assert f.country == ("VNM",)
    assert f.entity_type == ("Civil Society",)
    assert f.topic == ("telemedicine",)
    assert f.collection == ("WSIS Stocktaking COVID-19",)
    assert (f.date_from, f.date_to) == (dt.date(2020, 4, 15), dt.date(2021, 4, 1))
    assert f.q == "tele"
    assert not f.is_empty()


def test_comma_separated_and_repeated_values():
    a = Filters.parse({"country": "Kenya,Uganda", "sdg": ["3", "4,16"]})
    b = Filters.parse({"country": ["Kenya", "Uganda"], "sdg": ["3", "4", "16"]})
    assert a == b
    assert a.country == ("KEN", "UGA")
    assert a.sdg == (3, 4, 16)


def test_commas_inside_names_do_not_split():
    f = Filters.parse(
        {"country": "Korea, Republic of,Kenya", "sdg": "Peace, justice and strong institutions"}
    )
    assert f.country == ("KOR", "KEN")
    assert f.sdg == (16,)


def test_duplicates_collapse_after_normalising():
    f = Filters.parse({"country": ["Viet Nam", "Vietnam", "VN", "VNM"], "action_line": ["C2", "c 2"]})
    assert f.country == ("VNM",)
    assert f.action_line == ("C2",)


def test_from_pairs():
    f = Filters.from_pairs(["country=Kenya", "country=Uganda", "action_line=C2,C4", "q=a=b", "oops"])
    assert f.country == ("KEN", "UGA")
    assert f.action_line == ("C2", "C4")
    assert f.q == "a=b"  # only the first = separates key and value
    assert f.notes == ("Ignored 'oops': write filters as KEY=VALUE.",)


def test_unknown_keys_and_values_are_notes_not_errors():
    f = Filters.parse(
        {
            "colour": "red",
            "action_line": "C12,C2",
            "sdg": "18",
            "country": "Atlantis",
            "entity_type": "Zorblax",
            "topic": "astrology",
            "from": "someday",
            "region_scheme": "galactic",
        }
    )
    assert f.action_line == ("C2",)
    assert (f.sdg, f.country, f.entity_type, f.topic, f.date_from) == ((), (), (), (), None)
    assert f.region_scheme == "itu"
    assert set(f.notes) == {
        "Ignored unknown filter 'colour'.",
        "Ignored action_line='C12': not a known WSIS Action Line.",
        "Ignored sdg='18': not a known SDG (1-17).",
        "Ignored country='Atlantis': not a known country.",
        "Ignored entity_type='Zorblax': not a known entity type.",
        "Ignored topic='astrology': not a known topic.",
        "Ignored from='someday': not a date (use YYYY-MM-DD).",
        "Ignored region_scheme 'galactic': use itu or m49.",
    }


def test_notes_do_not_change_equality():
    assert Filters.parse({"country": "Kenya", "colour": "red"}) == Filters.parse({"country": "KE"})


@pytest.mark.parametrize(
    ("params", "kept", "noted"),
    [
        ({"region": "Africa"}, ("Africa",), ()),
        ({"region": "Asia-Pacific"}, ("Asia-Pacific",), ()),
        ({"region": "Sub-Saharan Africa"}, (), ("Sub-Saharan Africa",)),  # M49 name, ITU scheme
        ({"region": "Sub-Saharan Africa", "region_scheme": "m49"}, ("Sub-Saharan Africa",), ()),
        ({"region": "Asia", "region_scheme": "m49"}, ("Asia",), ()),
        ({"region": "Asia-Pacific", "region_scheme": "m49"}, (), ("Asia-Pacific",)),  # ITU only
        ({"region": "Arab States", "region_scheme": "m49"}, (), ("Arab States",)),
        ({"region": "Global"}, ("Global",), ()),
        ({"region": "Regional", "region_scheme": "m49"}, ("Regional",), ()),
        ({"region": "Narnia"}, (), ("Narnia",)),
    ],
)
def test_regions_are_checked_against_the_scheme(params, kept, noted):
    f = Filters.parse(params)
    assert f.region == kept
    scheme = params.get("region_scheme", "itu").upper()
    assert f.notes == tuple(f"Ignored region={r!r}: not a {scheme} region." for r in noted)


def test_to_query_params_leaves_defaults_out():
    f = Filters.parse({"action_line": "C7", "sdg": "3,16", "region_scheme": "itu"})
    assert f.to_query_params() == {"action_line": "C7", "sdg": "3,16"}
    assert Filters.parse({"region_scheme": "m49"}).to_query_params() == {"region_scheme": "m49"}


ROUND_TRIPS = [
    {"action_line": "E-government, E-business, C7, C2", "sdg": "3, 16"},
    {"country": "Korea, Republic of; Côte d'Ivoire; Lao PDR", "region": "Africa,Global"},
    {"entity_type": "NGO, University, Ministry of Health"},
    {"region": "Sub-Saharan Africa,Northern Africa", "region_scheme": "m49"},
    {"topic": "telemedicine,contact_tracing", "collection": "A,B"},
    {"from": "April 15, 2020", "to": "2021-12-31", "q": "tele, health"},
]


@pytest.mark.parametrize("params", ROUND_TRIPS)
def test_query_params_round_trip(params):
    """What the dashboard writes into the URL reads back as the same Filters."""
    f = Filters.parse(params)
    assert f.notes == ()
    again = Filters.parse(f.to_query_params())
    assert again == f
    assert again.notes == ()
    assert again.to_query_params() == f.to_query_params()


def test_every_action_line_code_round_trips():
    every = ",".join(a.code for a in tx.action_lines())
    f = Filters.parse({"action_line": every})
    assert f.action_line == tuple(a.code for a in tx.action_lines())
    assert Filters.parse(f.to_query_params()) == f


def test_every_entity_type_round_trips():
    f = Filters.parse({"entity_type": ",".join(tx.ENTITY_TYPES)})
    assert f.entity_type == tx.ENTITY_TYPES
    assert Filters.parse(f.to_query_params()) == f


def test_to_sql_params():
    f = Filters.parse(
        {
            "action_line": "C7",
            "sdg": "3",
            "country": "Kenya",
            "from": "2020-01-01",
            "region": "Africa",
            "q": "radio",
        }
    )
    assert f.to_sql_params() == {
        "action_line": ["C7"],
        "sdg": [3],
        "region": ["Africa"],
        "region_scheme": "itu",
        "country": ["KEN"],
        "entity_type": [],
        "topic": [],
        "collection": [],
        "date_from": dt.date(2020, 1, 1),
        "date_to": None,
        "q": "radio",
    }
    assert set(f.to_sql_params()) == {k for k in keys() if k not in ("from", "to")} | {"date_from", "date_to"}


def test_describe_in_words():
    f = Filters.parse(
        {
            "action_line": "C7 E-health",
            "sdg": "3",
            "region": "Africa",
            "country": "Kenya,Viet Nam",
            "entity_type": "NGO",
            "topic": "telemedicine",
            "from": "2020-01-01",
            "q": "radio",
        }
    )
    assert f.describe() == (
        'matching "radio"; Action Line C7-EHEALTH E-health; SDG 3; ITU region Africa; Kenya, Vietnam; '
        "Civil Society; topic Telemedicine; from 2020-01-01"
    )
    assert Filters.parse({"region": "Asia", "region_scheme": "m49"}).describe() == "UN M49 region Asia"


def test_limits():
    many = ",".join(["Kenya"] * 10 + [c for c in ("UGA", "VNM")] + ["Atlantis"] * 60)
    f = Filters.parse({"country": many})
    assert "Kept the first 50 values of 'country'." in f.notes
    f = Filters.parse({"q": "x" * 500})
    assert f.q == "x" * 200
    assert f.notes == ("Search text cut to 200 characters.",)


def test_readers_are_told_which_filters_sessions_ignore():
    """Said from the declarations: a filter declared for cases only is named."""
    assert filters_not_applying("sessions") == (
        "The region, country, entity type and collection filters do not apply to sessions."
    )
    assert filters_not_applying("cases") == ""
