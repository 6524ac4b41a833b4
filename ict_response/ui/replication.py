"""The Replication page's sections: the need box, where practice is missing (the replication
map, its gaps and the cases to replicate in each) and a country's profile."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from .. import replication
from .. import taxonomy as tx
from ..errors import UserError
from ..filters import Filters
from . import data, layout, view
from .markdown import literal


def need(filters: Filters) -> None:
    """The need box: the filtered cases that meet a need typed in plain words, best first."""
    key = view.widget_key("need")
    st.session_state[key] = view.get("need")
    need = st.text_input(
        "A need, in plain words",
        key=key,
        max_chars=replication.MAX_NEED_CHARS,
        placeholder="text message reminders for vaccine appointments",
        on_change=lambda: view.put("need", st.session_state[key]),
    )
    st.caption(
        "Cases are ranked by the practices and the rare words they share with the need: “SMS”, "
        "“text message” and “USSD” all name text messages. Within the sidebar's filters."
    )
    if need.strip():
        cleaned, note = replication.clean_need(need)
        if note:
            st.caption(literal(note))
        try:
            found = data.find(cleaned, filters)
        except UserError as e:
            st.warning(literal(str(e)))
        else:
            layout.matches(found, replication.nothing_found(cleaned, filters))


def gaps(filters: Filters) -> None:
    """The replication map; a click on a cell, or a choice among the gaps, lists the cases
    from the other regions of the selection that could be replicated there."""
    st.subheader("Where practice is missing")
    st.caption(
        "Each cell counts the cases of a topic in a region. Outlined cells are gaps: the topic is "
        f"common in another region (at least {replication.COMMON_SHARE:.0%} of its cases) and "
        "missing or rare here. Click any cell, or choose a gap below, for the cases to replicate there."
    )
    matrix = data.query("topic_by_region", filters)
    if matrix[~matrix["region"].isin(replication.SCOPE_COLUMNS)]["region"].nunique() < 2:
        st.info(
            "The map compares regions: choose no region or country in the sidebar, "
            "or places in two regions or more."
        )
        return
    shown = layout.chart("replication-map", filters, "rp_map", pick=_pick).frame
    frame = shown.assign(cell=shown["topic"] + "@" + shown["region"])
    places = frame[~frame["region"].isin(replication.SCOPE_COLUMNS)]
    flagged = frame[frame["gap"] != ""].sort_values("expected", ascending=False)
    # A cell from the URL or a click: any cell of a region (a gap or not) may be asked about.
    chosen = str(view.get("gap") or "")
    chosen = chosen if chosen in set(places["cell"]) else ""
    if flagged.empty:
        st.caption("No gap in this selection: no topic common in one region is missing or rare in another.")
    options = list(dict.fromkeys([*flagged["cell"], *([chosen] if chosen else [])]))
    if not options:
        return
    labels = dict(zip(frame["cell"], frame["label"] + " in " + frame["region"], strict=True))
    key = view.widget_key("gap")
    st.session_state[key] = chosen if chosen in options else options[0]
    cell = st.selectbox(
        f"Gaps ({len(flagged)})",
        options,
        format_func=lambda c: labels.get(c, c),
        key=key,
        on_change=lambda: view.put("gap", st.session_state[key]),
    )
    row = frame[frame["cell"] == cell].iloc[0].to_dict()
    if row["common_in"]:  # the topic is common somewhere: say how this region compares
        st.markdown(literal(replication.gap_sentence(row)))
    st.markdown(f"**Cases to replicate in {literal(row['region'])}**")
    layout.matches(
        data.candidates(str(row["topic"]), str(row["region"]), filters),
        f"No case of {row['label']} outside {row['region']} in this selection.",
        scored=False,
    )


def _pick(values: list[object]) -> None:
    region, topic = (str(v) for v in values[:2])
    view.put("gap", f"{topic}@{region}")


def profile(filters: Filters) -> None:
    """With one country chosen in the sidebar (`?country=KEN`): what its cases cover against
    its region's other countries and the world, and the topics its peers have that it has
    not, each with the peers' cases to replicate."""
    st.subheader("A country's profile")
    if len(filters.country) != 1:
        st.caption(
            "Choose one country in the sidebar (or open this page with `?country=KEN`) to compare "
            "what its cases cover with its region's other countries and the world."
        )
        return
    code = str(filters.country[0])
    name = tx.countries()[code].name if code in tx.countries() else code
    # Compared with its peers and the world: the place filters give way, the others apply.
    others = filters.replace(country=(), region=())
    frame = data.query("country_profile", others, profile_country=code)
    first = frame.iloc[0]
    if not first["region"]:
        st.info(f"{literal(name)} has no {_scheme(filters)} region to compare it with.")
        return
    own, peers, world = int(first["own_total"]), int(first["peer_total"]), int(first["world_total"])
    st.markdown(
        f"**{literal(name)}**: {own:,} case{'s' if own != 1 else ''}; its peers, the other countries "
        f"of {literal(first['region'])}: {peers:,}; the world: {world:,}. Shares are of each group's cases."
    )
    shares = frame.assign(
        own_share=_share(frame["own_cases"], own),
        peer_share=_share(frame["peer_cases"], peers),
        world_share=_share(frame["world_cases"], world),
    )
    tabs = st.tabs(["Topics", "Action Lines", "SDGs", "Practices"])
    for tab, dimension in zip(tabs, ("topic", "action_line", "sdg", "practice"), strict=True):
        with tab:
            _profile_table(shares[shares["dimension"] == dimension], name)
    st.markdown(f"**Topics its peers have that {literal(name)} has not**")
    gaps_ = replication.peer_gaps(frame)
    if gaps_.empty:
        st.caption(
            f"None: every topic with {replication.COMMON_MIN} or more peer cases "
            f"has a case in {literal(name)}."
        )
    for row in gaps_.to_dict("records"):
        with st.expander(str(row["label"])):
            st.markdown(literal(replication.peer_gap_sentence({str(k): v for k, v in row.items()}, name)))
            layout.matches(
                data.candidates(str(row["key"]), str(row["region"]), others, country=code),
                f"No case of {row['label']} from {row['region']}'s other countries.",
                scored=False,
            )
    _peer_practices(frame, name, filters)


PRACTICES_SHOWN = 10


def _peer_practices(frame: pd.DataFrame, name: str, filters: Filters) -> None:
    """The practice elements its peers' cases name and its own do not, each a link that finds
    the region's cases naming it (the need box, within that region)."""
    practices = replication.peer_gaps(frame, "practice")
    if practices.empty:
        return
    st.markdown(f"**Practices its peers have that {literal(name)} has not**")
    st.caption(
        f"Named by {replication.COMMON_MIN} or more of the peers' cases and by none of "
        f"{literal(name)}'s; each link finds the region's cases that name it."
    )
    scheme = {"region_scheme": "m49"} if filters.region_scheme == "m49" else {}
    for row in practices.head(PRACTICES_SHOWN).itertuples():
        st.page_link(
            "app_pages/replication.py",
            label=f"{literal(row.label)}: {row.peer_cases:,} of the peers' {row.peer_total:,} cases",
            query_params={"need": str(row.label), "region": str(row.region), **scheme},
        )
    if len(practices) > PRACTICES_SHOWN:
        st.caption(f"And {len(practices) - PRACTICES_SHOWN} more in the Practices tab above.")


def _share(counts: pd.Series, total: int) -> pd.Series:
    return counts * 100 / total if total else counts * 0.0


def _scheme(filters: Filters) -> str:
    return "UN M49" if filters.region_scheme == "m49" else "ITU"


def _profile_table(rows: pd.DataFrame, name: str) -> None:
    def percent(label: str) -> Any:
        return st.column_config.ProgressColumn(label, format="%.0f%%", min_value=0, max_value=100)

    st.dataframe(
        rows[["label", "own_cases", "own_share", "peer_share", "world_share"]],
        hide_index=True,
        width="stretch",
        column_config={
            "label": st.column_config.TextColumn("Name", width="large"),
            "own_cases": st.column_config.NumberColumn(f"{name}: cases", format="%d"),
            "own_share": percent(f"{name}: share"),
            "peer_share": percent("Peers: share"),
            "world_share": percent("World: share"),
        },
    )
