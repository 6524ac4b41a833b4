"""The rows behind a catalogue chart as a reader sees them under the chart ("Data behind this
chart"): columns named in words of the run's language, codes a reader cannot read (a gap's
outline style, a region's key) in words, and columns only the drawing needs left out. The
downloads keep the query's own columns, which scripts read by name."""

from __future__ import annotations

import pandas as pd

from . import i18n, names
from .i18n import N_, _

# Every column of the catalogue charts' rows (catalog.CATALOG, after each spec's prepare),
# named in words (shown as _(label)). A column not listed is shown under its own name.
COLUMNS = {
    "action_line": N_("Action Line"),
    "name": N_("Name"),
    # Translators: a column: an Action Line's short name.
    "short_name": N_("Short name"),
    "sdg": N_("SDG"),
    "cases": N_("Cases"),
    "sessions": N_("Sessions"),
    "country": N_("Country code"),
    "region_name": N_("Region"),
    "region": N_("Region"),  # shown where no region_name names it
    "label": N_("Topic"),
    "month": N_("Month"),
    "quarter": N_("Quarter"),
    "week": N_("Week"),
    "covid_related": N_("COVID-related"),
    # Translators: a column: COVID-related sessions as a share of all sessions.
    "covid_share": N_("COVID-related share"),
    # Translators: a column: COVID-related sessions of an Action Line.
    "covid_sessions": N_("COVID-related sessions"),
    # Translators: a column: an Action Line's cases as a share of all cases.
    "cases_share": N_("Share of cases"),
    # Translators: a column: an Action Line's sessions as a share of all sessions.
    "sessions_share": N_("Share of sessions"),
    "session_type": N_("Kind of session"),
    # Translators: a column: whether the WSIS-SDG Matrix links the Action Line to the SDG.
    "official": N_("Linked in the WSIS-SDG Matrix"),
    # Translators: a column: whether both files the WSIS-SDG Matrix is read from link them.
    "in_both_source_files": N_("In both source files"),
    # Translators: a column: all the cases of a region, of every topic.
    "region_cases": N_("Cases in the region"),
    # Translators: a column: the topic's cases as a share of the region's cases.
    "share": N_("Share of the region's cases"),
    # Translators: a column: the region where the topic is most common.
    "common_in": N_("Most common in"),
    # Translators: a column: the topic's share of the cases of the region where it is most common.
    "common_share": N_("Share there"),
    # Translators: a column: how many cases the region would have at the share of the
    # region where the topic is most common.
    "expected": N_("Cases at that share"),
    # Translators: a column: whether the cell is a gap of the replication map (none here
    # yet, or few) or not.
    "gap": N_("Gap"),
    "case_id": N_("ID"),
    "title": N_("Title"),
    "organisation": N_("Organisation"),
    # Translators: a column: the kind of one of ITU's COVID-19 initiatives.
    "category": N_("Kind of initiative"),
    "date": N_("Date"),
    # Translators: a column: how precise a date is (to the day, to the month, undated).
    "precision": N_("Precision"),
    # Translators: a column: a date as the source wrote it.
    "date_as_published": N_("Date as published"),
    "action_lines": N_("Action Lines"),
    "sdgs": N_("SDGs"),
    # Translators: a column: the Action Lines and SDGs a tag rule gave a record, and why.
    "tags_inferred": N_("Tags inferred"),
    "url": N_("Link"),
}

# Columns that say nothing under the chart: a bar's colour, and whether a row of the chart by
# region is a region (it shows regions only: the scopes are figures beside it). And keys that
# a named column beside them says in words (a topic's key beside its label, a region's key
# beside its name).
_NOT_SHOWN = {"colour", "kind"}
_NAMED_BY = {"topic": "label", "region": "region_name"}

# Shares (0 to 1 in the rows) are shown as whole percentages in the language's pattern ("31 %"
# in French), an expected number of cases to one decimal.
SHARES = ("share", "common_share", "cases_share", "sessions_share", "covid_share")


def number_format(column: str) -> str | None:
    """How the table shows a column of numbers that are not counts (a printf format, as
    Streamlit's number columns take it), or None."""
    if column in SHARES:
        return i18n.percent_format()  # readable() gives them from 0 to 100
    return "%.1f" if column == "expected" else None


# Dates that stand for a month or a quarter (its first day), shown as such (moment.js
# formats, as Streamlit's date columns take them): "2020-04", "2020-Q2"; other dates as days.
DATE_FORMATS = {"month": "YYYY-MM", "quarter": "YYYY-[Q]Q"}
DAY_FORMAT = "YYYY-MM-DD"

# Values that are codes, in words (shown as _(word)); a value not listed is shown as it is.
VALUES = {
    # The replication map's outline styles (replication.mark_gaps).
    # Translators: in the replication map's data: a gap where the region has no case of the
    # topic yet, or a third as many as the share of the region where it is most common gives.
    "gap": {"solid": N_("none here yet"), "dotted": N_("a third as many or fewer")},
    # Translators: how precise the date of one of ITU's initiatives is, as its source gives it.
    "precision": {"day": N_("to the day"), "month": N_("to the month"), "none": N_("undated")},
}


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows as the table under a chart shows them (a copy)."""
    named = {key: name for key, name in _NAMED_BY.items() if key in frame.columns and name in frame.columns}
    # A named column takes its key's place: the region's name where the region's key was.
    order = [named.get(c, c) for c in frame.columns if c not in _NOT_SHOWN and c not in named.values()]
    out = frame[order].copy()
    for column in SHARES:
        if column in out.columns:
            out[column] = out[column] * 100
    for column, words in VALUES.items():
        if column in out.columns:
            out[column] = out[column].map(lambda v, w=words: _(w[v]) if v in w else v)
    # A region's key (a country's region on the map; where the topic is most common, or "").
    for column in ("region", "common_in"):
        if column in out.columns:
            out[column] = out[column].map(lambda key: names.region(key) if isinstance(key, str) else key)
    return out


def labels(frame: pd.DataFrame) -> dict[str, str]:
    """The labels of the frame's columns that have one, in the run's language."""
    return {column: _(COLUMNS[column]) for column in frame.columns if column in COLUMNS}
