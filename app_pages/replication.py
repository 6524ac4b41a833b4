"""Replication: who else has done this, and where has nobody done it yet. A need typed in
plain words finds the cases that meet it (`?need=`); the replication map shows where a topic
common in one region is missing in another, with the cases to replicate there (`?gap=`);
with one country chosen (`?country=KEN`), its profile against its peers and the world."""

from ict_response.i18n import _
from ict_response.ui import layout, state
from ict_response.ui import replication as sections

filters = state.current_filters()
layout.page_header(
    _("Replication"),
    _(
        "Who else has done this? Type a need in plain words to find the cases that meet it; "
        "open any case to see the cases most like it."
    ),
)

sections.need(filters)
# A country chosen: its profile is what the reader came for; the map compares regions.
if len(filters.country) == 1:
    sections.profile(filters)
    sections.gaps(filters)
else:
    sections.gaps(filters)
    sections.profile(filters)
