"""The Replication page's sections: the need box, where practice is missing (the replication
map, its gaps and the cases to replicate in each) and a country's profile."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from .. import i18n, names, replication
from .. import taxonomy as tx
from ..errors import UserError
from ..filters import Filters, scheme_name
from ..i18n import _, ngettext
from . import data, layout, view
from .markdown import literal


def need(filters: Filters) -> None:
    """The need box: the filtered cases that meet a need typed in plain words, best first."""
    key = view.widget_key("need")
    st.session_state[key] = view.get("need")
    need = st.text_input(
        _("A need, in plain words"),
        key=key,
        max_chars=replication.MAX_NEED_CHARS,
        placeholder=_("text message reminders for vaccine appointments"),
        on_change=lambda: view.put("need", st.session_state[key]),
    )
    st.caption(
        _(
            "Cases are ranked by the practices and the rare words they share with the need (“SMS”, "
            "“text message” and “USSD” all name text messages), then by how close their words are in "
            "meaning. Within the sidebar's filters."
        )
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
    st.subheader(_("Where practice is missing"))
    st.caption(
        # Translators: {share} is a percentage, e.g. "10%".
        _(
            "Each cell counts the cases of a topic in a region. Outlined cells are gaps: the topic is "
            "common in another region (at least {share} of its cases) and "
            "missing or rare here. Click any cell, or choose a gap below, for the cases to replicate there."
        ).format(share=i18n.percent(replication.COMMON_SHARE))
    )
    matrix = data.query("topic_by_region", filters)
    if matrix[~matrix["region"].isin(replication.SCOPE_COLUMNS)]["region"].nunique() < 2:
        st.info(
            _(
                "The map compares regions: choose no region or country in the sidebar, "
                "or places in two regions or more."
            )
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
        st.caption(
            _("No gap in this selection: no topic common in one region is missing or rare in another.")
        )
    options = list(dict.fromkeys([*flagged["cell"], *([chosen] if chosen else [])]))
    if not options:
        return
    # Translators: a cell of the replication map, e.g. "Telemedicine in Africa".
    in_region = _("{topic} in {region}")
    labels = {
        c: in_region.format(topic=topic, region=names.region(region))
        for c, topic, region in zip(frame["cell"], frame["label"], frame["region"], strict=True)
    }
    key = view.widget_key("gap")
    st.session_state[key] = chosen if chosen in options else options[0]
    cell = st.selectbox(
        ngettext("Gaps ({count})", "Gaps ({count})", len(flagged)).format(count=i18n.number(len(flagged))),
        options,
        format_func=lambda c: labels.get(c, c),
        key=key,
        on_change=lambda: view.put("gap", st.session_state[key]),
    )
    row = frame[frame["cell"] == cell].iloc[0].to_dict()
    if row["common_in"]:  # the topic is common somewhere: say how this region compares
        st.markdown(literal(replication.gap_sentence(row)))
    region = names.region(str(row["region"]))
    st.markdown(_("**Cases to replicate in {region}**").format(region=literal(region)))
    layout.matches(
        data.candidates(str(row["topic"]), str(row["region"]), filters),
        # Translators: {topic} is a topic name, {region} a region name.
        _("No case of {topic} outside {region} in this selection.").format(topic=row["label"], region=region),
    )


def _pick(values: list[object]) -> None:
    region, topic = (str(v) for v in values[:2])
    view.put("gap", f"{topic}@{region}")


def profile(filters: Filters) -> None:
    """With one country chosen in the sidebar (`?country=KEN`): what its cases cover against
    its region's other countries and the world, and the topics its peers have that it has
    not, each with the peers' cases to replicate."""
    st.subheader(_("A country's profile"))
    if len(filters.country) != 1:
        st.caption(
            _(
                "Choose one country in the sidebar (or open this page with `?country=KEN`) to compare "
                "what its cases cover with its region's other countries and the world."
            )
        )
        return
    code = str(filters.country[0])
    name = names.country(code) if code in tx.countries() else code
    # Compared with its peers and the world: the place filters give way, the others apply.
    others = filters.replace(country=(), region=())
    frame = data.query("country_profile", others, profile_country=code)
    first = frame.iloc[0]
    if not first["region"]:
        st.info(
            # Translators: {country} is a country's name, {scheme} "ITU" or "UN M49".
            _("{country} has no {scheme} region to compare it with.").format(
                country=literal(name), scheme=scheme_name(filters.region_scheme)
            )
        )
        return
    own, peers, world = int(first["own_total"]), int(first["peer_total"]), int(first["world_total"])
    # Translators: {country} is a country's name, {region} its region; {own}, {peers} and {world}
    # count the cases of the country, of its region's other countries and of the world.
    counts = ngettext(
        "**{country}**: {own} case; its peers, the other countries of {region}: {peers}; "
        "the world: {world}. Shares are of each group's cases.",
        "**{country}**: {own} cases; its peers, the other countries of {region}: {peers}; "
        "the world: {world}. Shares are of each group's cases.",
        own,
    )
    st.markdown(
        counts.format(
            country=literal(name),
            own=i18n.number(own),
            region=literal(names.region(str(first["region"]))),
            peers=i18n.number(peers),
            world=i18n.number(world),
        )
    )
    shares = frame.assign(
        own_share=_share(frame["own_cases"], own),
        peer_share=_share(frame["peer_cases"], peers),
        world_share=_share(frame["world_cases"], world),
    )
    tabs = st.tabs([_("Topics"), _("Action Lines"), _("SDGs"), _("Practices")])
    for tab, dimension in zip(tabs, ("topic", "action_line", "sdg", "practice"), strict=True):
        with tab:
            _profile_table(shares[shares["dimension"] == dimension], name)
    # Translators: {country} is a country's name.
    st.markdown(_("**Topics its peers have that {country} has not**").format(country=literal(name)))
    gaps_ = replication.peer_gaps(frame)
    if gaps_.empty:
        none = ngettext(
            "None: every topic with {count} or more peer cases has a case in {country}.",
            "None: every topic with {count} or more peer cases has a case in {country}.",
            replication.COMMON_MIN,
        )
        st.caption(none.format(count=i18n.number(replication.COMMON_MIN), country=literal(name)))
    for row in gaps_.to_dict("records"):
        with st.expander(str(row["label"])):
            st.markdown(literal(replication.peer_gap_sentence({str(k): v for k, v in row.items()}, name)))
            layout.matches(
                data.candidates(str(row["key"]), str(row["region"]), others, country=code),
                # Translators: {topic} is a topic name, {region} a region name.
                _("No case of {topic} from {region}'s other countries.").format(
                    topic=row["label"], region=names.region(str(row["region"]))
                ),
            )
    _peer_practices(frame, name, filters)


PRACTICES_SHOWN = 10


def _peer_practices(frame: pd.DataFrame, name: str, filters: Filters) -> None:
    """The practice elements its peers' cases name and its own do not, each a link that finds
    the region's cases naming it (the need box, within that region)."""
    practices = replication.peer_gaps(frame, "practice")
    if practices.empty:
        return
    # Translators: {country} is a country's name.
    st.markdown(_("**Practices its peers have that {country} has not**").format(country=literal(name)))
    named_by = ngettext(
        "Named by {count} or more of the peers' cases and by none of {country}'s; "
        "each link finds the region's cases that name it.",
        "Named by {count} or more of the peers' cases and by none of {country}'s; "
        "each link finds the region's cases that name it.",
        replication.COMMON_MIN,
    )
    st.caption(named_by.format(count=i18n.number(replication.COMMON_MIN), country=literal(name)))
    scheme = {"region_scheme": "m49"} if filters.region_scheme == "m49" else {}
    for row in practices.head(PRACTICES_SHOWN).to_dict("records"):
        peer_cases, peer_total = int(row["peer_cases"]), int(row["peer_total"])
        st.page_link(
            "app_pages/replication.py",
            # Translators: a practice element, then how many of the peers' cases name it.
            label=ngettext(
                "{practice}: {count} of the peers' {total} case",
                "{practice}: {count} of the peers' {total} cases",
                peer_total,
            ).format(
                practice=literal(row["label"]),
                count=i18n.number(peer_cases),
                total=i18n.number(peer_total),
            ),
            query_params={"need": str(row["label"]), "region": str(row["region"]), **scheme},
        )
    if len(practices) > PRACTICES_SHOWN:
        more = len(practices) - PRACTICES_SHOWN
        st.caption(
            ngettext(
                "And {count} more in the Practices tab above.",
                "And {count} more in the Practices tab above.",
                more,
            ).format(count=i18n.number(more))
        )


def _share(counts: pd.Series, total: int) -> pd.Series:
    return counts * 100 / total if total else counts * 0.0


def _profile_table(rows: pd.DataFrame, name: str) -> None:
    def percent(label: str) -> Any:
        return st.column_config.ProgressColumn(
            label, format=i18n.percent_format(), min_value=0, max_value=100
        )

    st.dataframe(
        rows[["label", "own_cases", "own_share", "peer_share", "world_share"]],
        hide_index=True,
        width="stretch",
        column_config={
            "label": st.column_config.TextColumn(_("Name"), width="large"),
            # Translators: column headers; {country} is a country's name.
            "own_cases": st.column_config.NumberColumn(
                _("{country}: cases").format(country=name), format="%d"
            ),
            "own_share": percent(_("{country}: share").format(country=name)),
            "peer_share": percent(_("Peers: share")),
            "world_share": percent(_("World: share")),
        },
    )
