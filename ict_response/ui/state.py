"""The shared filters: one Filters value, kept in the URL query parameters (so a copied URL
is a permalink) and in the session (so it survives page switches, which clear the URL)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import streamlit as st

from .. import taxonomy as tx
from ..filters import KEYS, Filters
from ..topics import topic_labels
from . import data
from .markdown import literal

SESSION_KEY = "filters"
WIDGET = {key: f"filter_{key}" for key in KEYS}


def current_filters() -> Filters:
    """Filters from the URL; when the URL has none (after a page switch), from the session."""
    params = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    if params:
        filters = Filters.parse(params)
        if filters.notes:
            # Show the notes once, then keep only what was understood in the URL.
            st.session_state["filter_notes"] = filters.notes
            _write(replace(filters, notes=()))
        st.session_state[SESSION_KEY] = replace(filters, notes=())
    elif SESSION_KEY in st.session_state:
        filters = st.session_state[SESSION_KEY]
        st.query_params.from_dict(filters.to_query_params())
    else:
        filters = Filters()
    return replace(filters, notes=())


def _write(filters: Filters) -> None:
    st.session_state[SESSION_KEY] = filters
    st.query_params.from_dict(filters.to_query_params())


def add_filter(key: str, value: object) -> None:
    """Cross-filtering: a clicked bar, cell or country joins the filters."""
    filters = current_filters()
    params = filters.to_query_params()
    values = [v for v in params.get(key, "").split(",") if v]
    if str(value) not in values:
        values.append(str(value))
    params[key] = ",".join(values)
    _write(replace(Filters.parse(params), notes=()))


def clear_filters() -> None:
    _write(Filters())
    for key in WIDGET.values():
        st.session_state.pop(key, None)


# --------------------------------------------------------------------------- sidebar


def _from_widgets() -> None:
    """on_change of any sidebar widget: the widgets' values become the filters."""
    s = st.session_state
    params: dict[str, object] = {}
    for key in ("action_line", "sdg", "region", "country", "entity_type", "topic", "collection"):
        params[key] = [str(v) for v in s.get(WIDGET[key]) or []]
    params["region_scheme"] = s.get(WIDGET["region_scheme"]) or "itu"
    for key in ("from", "to"):
        value = s.get(WIDGET[key])
        params[key] = value.isoformat() if isinstance(value, dt.date) else ""
    params["q"] = s.get(WIDGET["q"]) or ""
    filters = Filters.parse({k: v for k, v in params.items() if v})
    _write(replace(filters, notes=()))


def _sync_widgets(filters: Filters) -> None:
    """Widgets show the filters in force (from a permalink, a click or a page switch)."""
    s = st.session_state
    s[WIDGET["action_line"]] = list(filters.action_line)
    s[WIDGET["sdg"]] = list(filters.sdg)
    s[WIDGET["region_scheme"]] = filters.region_scheme
    s[WIDGET["region"]] = list(filters.region)
    s[WIDGET["country"]] = list(filters.country)
    s[WIDGET["entity_type"]] = list(filters.entity_type)
    s[WIDGET["topic"]] = list(filters.topic)
    s[WIDGET["collection"]] = list(filters.collection)
    s[WIDGET["from"]] = filters.date_from
    s[WIDGET["to"]] = filters.date_to
    s[WIDGET["q"]] = filters.q


def _counts(name: str, key: str) -> dict:
    frame = data.query(name)
    return dict(zip(frame[key], frame["cases"], strict=True))


def sidebar(filters: Filters) -> None:
    """The one filter sidebar every page shares. Options come from the data, with counts."""
    _sync_widgets(filters)
    sb = st.sidebar
    sb.header("Filters")
    for note in st.session_state.pop("filter_notes", ()):
        sb.warning(literal(note))  # notes quote URL values: shown as text, never as Markdown
    sb.text_input("Search title, organisation, description", key=WIDGET["q"],
                  on_change=_from_widgets, placeholder="e.g. telemedicine")

    al_counts = _counts("cases_by_action_line", "action_line")
    names = {a.code: a.name if a.parent else f"{a.code} {a.short_name}" for a in tx.action_lines()}
    sb.multiselect("WSIS Action Line", options=[a.code for a in tx.action_lines()],
                   format_func=lambda c: f"{names[c]} ({al_counts.get(c, 0):,})",
                   key=WIDGET["action_line"], on_change=_from_widgets,
                   help="C7 ICT applications includes its eight sub-lines (E-health, ...).")

    sdg_counts = _counts("cases_by_sdg", "sdg")
    sdg_names = {s.number: s.name for s in tx.sdgs()}
    sb.multiselect("SDG", options=list(sdg_names),
                   format_func=lambda n: f"{n} {sdg_names[n]} ({sdg_counts.get(n, 0):,})",
                   key=WIDGET["sdg"], on_change=_from_widgets)

    sb.radio("Regions", options=["itu", "m49"], horizontal=True, key=WIDGET["region_scheme"],
             format_func=lambda s: "ITU" if s == "itu" else "UN M49", on_change=_from_widgets)
    region_counts = data.query("cases_by_region", Filters(region_scheme=filters.region_scheme))
    region_n = dict(zip(region_counts["region"], region_counts["cases"], strict=True))
    region_options = list(tx.region_names(filters.region_scheme))
    st.session_state[WIDGET["region"]] = [r for r in filters.region if r in region_options]
    sb.multiselect("Region", options=region_options,
                   format_func=lambda r: f"{r} ({region_n.get(r, 0):,})",
                   key=WIDGET["region"], on_change=_from_widgets)

    country_counts = data.query("cases_by_country")
    country_n = dict(zip(country_counts["country"], country_counts["cases"], strict=True))
    countries = tx.countries()
    options = sorted(set(country_n) | set(filters.country), key=lambda c: countries[c].name
                     if c in countries else c)
    sb.multiselect("Country", options=options,
                   format_func=lambda c: f"{countries[c].name if c in countries else c}"
                                         f" ({country_n.get(c, 0):,})",
                   key=WIDGET["country"], on_change=_from_widgets)

    entity_n = _counts("cases_by_entity_type", "entity_type")
    sb.multiselect("Entity type", options=list(tx.ENTITY_TYPES),
                   format_func=lambda e: f"{e} ({entity_n.get(e, 0):,})",
                   key=WIDGET["entity_type"], on_change=_from_widgets)

    topic_n = _counts("cases_by_topic", "topic")
    labels = topic_labels()
    sb.multiselect("Topic", options=list(labels),
                   format_func=lambda t: f"{labels[t]} ({topic_n.get(t, 0):,})",
                   key=WIDGET["topic"], on_change=_from_widgets)

    collection_n = _counts("cases_by_collection", "collection")
    sb.multiselect("Collection", options=sorted(set(collection_n) | set(filters.collection)),
                   format_func=lambda c: f"{c} ({collection_n.get(c, 0):,})",
                   key=WIDGET["collection"], on_change=_from_widgets)

    c1, c2 = sb.columns(2)
    c1.date_input("From", key=WIDGET["from"], on_change=_from_widgets, format="YYYY-MM-DD",
                  min_value=dt.date(2019, 1, 1), max_value=dt.date(2030, 12, 31))
    c2.date_input("To", key=WIDGET["to"], on_change=_from_widgets, format="YYYY-MM-DD",
                  min_value=dt.date(2019, 1, 1), max_value=dt.date(2030, 12, 31))
    sb.caption("Dates apply to a case's start date (else its submission date) and to a "
               "session's date.")
    sb.button("Clear all filters", on_click=clear_filters, width="stretch",
              disabled=filters.is_empty())
