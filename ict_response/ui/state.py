"""The shared filters: one Filters value, kept in the URL query parameters (so a copied URL
is a permalink) and in the session (so it survives page switches, which clear the URL)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypedDict

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from .. import i18n
from ..filters import SPECS, Filters, FilterSpec, option_counts
from ..i18n import N_, _
from . import data, uploads, url_limit
from . import view as view_ui
from .markdown import literal

_first_run = url_limit.install()  # this process's first page run: checked too late
uploads.sweep()  # and the uploads a server that was killed left behind

SESSION_KEY = "filters"
# Said once, where readers look: charts give no sign that they can be clicked.
CLICK_HINT = N_("Click a bar, cell or country on a chart to filter by it.")


def widget_key(s: FilterSpec) -> str:
    return f"filter_{s.key}"


def current_filters() -> Filters:
    """Filters from the URL; when the URL has none (after a page switch), from the session."""
    params = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    dropped = params.pop(url_limit.DROPPED, None)
    if params or dropped is not None:
        filters = Filters.parse(params)
        if dropped is not None:
            filters = filters.replace(notes=(url_limit.note(dropped[-1] if dropped else ""), *filters.notes))
        if filters.notes:
            # Show the notes once, then keep only what was understood in the URL.
            st.session_state["filter_notes"] = filters.notes
            _write(filters.replace(notes=()))
        st.session_state[SESSION_KEY] = filters.replace(notes=())
    elif _unchecked_first_run():
        st.sidebar.html(url_limit.RELOAD_IF_DROPPED, unsafe_allow_javascript=True)
        filters = Filters()
    elif SESSION_KEY in st.session_state:
        filters = st.session_state[SESSION_KEY]
        _write_url(filters)
    else:
        filters = Filters()
    return filters.replace(notes=())


def _unchecked_first_run() -> bool:
    global _first_run
    first, _first_run = _first_run, False
    return first


def _write(filters: Filters) -> None:
    st.session_state[SESSION_KEY] = filters
    _write_url(filters)


def _write_url(filters: Filters) -> None:
    """The filters into the URL, the page's view settings kept beside them."""
    st.query_params.from_dict({**filters.to_query_params(), **view_ui.params()})


def add_filters(pairs: list[tuple[str, object]]) -> None:
    """Cross-filtering: a clicked bar, cell or country joins the filters (a heatmap cell
    gives two: its column's and its row's)."""
    filters = current_filters()
    params = filters.to_query_params()
    for key, value in pairs:
        values = [v for v in params.get(key, "").split(",") if v]
        if str(value) not in values:
            values.append(str(value))
        params[key] = ",".join(values)
    _write(Filters.parse(params).replace(notes=()))


def clear_filters() -> None:
    _write(Filters())
    for s in SPECS:
        st.session_state.pop(widget_key(s), None)


# --------------------------------------------------------------------------- sidebar


def _from_widgets() -> None:
    """on_change of any sidebar widget: the widgets' values become the filters."""
    params: dict[str, list[str]] = {}
    for s in SPECS:
        value = st.session_state.get(widget_key(s))
        if s.kind == "list":
            params[s.key] = [str(v) for v in value or []]
        elif isinstance(value, dt.date):
            params[s.key] = [value.isoformat()]
        elif value:
            params[s.key] = [str(value)]
    _write(Filters.parse({k: v for k, v in params.items() if v}).replace(notes=()))


def _sync_widgets(filters: Filters) -> None:
    """Widgets show the filters in force (from a permalink, a click or a page switch)."""
    for s in SPECS:
        value = getattr(filters, s.name)
        st.session_state[widget_key(s)] = list(value) if s.kind == "list" else value


def _counts(filters: Filters) -> dict[str, dict[Any, int]]:
    """Cases per option of every counted filter, under the other filters in force (each
    query cached per filters, so a rerun with the same filters costs nothing)."""
    return option_counts(lambda name, f, params: data.query(name, f, **params), filters)


class _Common(TypedDict):
    """What every filter widget is given."""

    on_change: Callable[[], None]
    help: str | None


def _offer(
    s: FilterSpec, filters: Filters, where: DeltaGenerator, all_counts: dict[str, dict[Any, int]]
) -> None:
    """The widget of one declared filter."""
    key = widget_key(s)
    common: _Common = {"on_change": _from_widgets, "help": _(s.help) if s.help else None}
    label = _(s.label)
    if s.kind == "text":
        where.text_input(label, key=key, placeholder=_("e.g. telemedicine"), **common)
    elif s.kind == "choice":
        # Options named now, in this run's language (a format function called later, outside
        # the run, would speak English).
        named = {c: s.option_name(c) for c in s.choices}
        where.radio(
            label, options=list(s.choices), horizontal=True, key=key, format_func=named.__getitem__, **common
        )
    elif s.kind == "date":
        first, last = _date_range(getattr(filters, s.name))
        # Bounded by the data, the calendar opens on the data's months, not today's.
        where.date_input(label, key=key, format="YYYY-MM-DD", min_value=first, max_value=last, **common)
    else:
        counts = all_counts.get(s.key, {})
        options = s.options(filters, counts) if s.options else []
        # A chosen value that is no longer an option (a region of the other scheme) is let go.
        st.session_state[key] = [v for v in st.session_state.get(key, []) if v in options]

        def name(value: object) -> str:
            if not s.counts:
                return s.option_name(value)
            # Translators: an option of a filter and the cases it would give, e.g. "Africa (120)".
            return _("{option} ({cases})").format(
                option=s.option_name(value), cases=i18n.number(counts.get(value, 0))
            )

        named = {value: name(value) for value in options}  # in this run's language, as above
        where.multiselect(
            label,
            options=options,
            key=key,
            format_func=lambda v: named.get(v, str(v)),
            placeholder=_("Choose options"),
            **common,
        )


def _date_range(chosen: dt.date | None) -> tuple[dt.date, dt.date]:
    """The first and last date in the data (a chosen date outside them widens them)."""
    row = data.query("date_range").iloc[0]
    known = [d.date() if isinstance(d, dt.datetime) else d for d in row if not pd.isna(d)]
    days = [d for d in (*known, chosen) if d is not None]
    if not days:  # no dated record at all
        return dt.date(2019, 1, 1), dt.date(2030, 12, 31)
    return min(days), max(days)


def sidebar(filters: Filters) -> None:
    """The one filter sidebar every page shares: a widget per declared filter, in declaration
    order, the dates side by side. Options come from the data, each with its count under
    the other filters in force (with Region = Africa, Connectivity counts Africa's cases)."""
    _sync_widgets(filters)
    sb = st.sidebar
    sb.header(_("Filters"))
    sb.caption(_(CLICK_HINT))
    for note in st.session_state.pop("filter_notes", ()):
        sb.warning(literal(note))  # notes quote URL values: shown as text, never as Markdown
    dates = [s for s in SPECS if s.kind == "date"]
    counts = _counts(filters)
    for s in SPECS:
        if s.kind != "date":
            _offer(s, filters, sb, counts)
        elif s is dates[0]:
            for spec, column in zip(dates, sb.columns(len(dates)), strict=True):
                _offer(spec, filters, column, counts)
    sb.button(_("Clear all filters"), on_click=clear_filters, width="stretch", disabled=filters.is_empty())
