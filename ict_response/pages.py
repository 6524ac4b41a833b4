"""The dashboard's pages in menu order, and what the product calls its records on screen:
one table each, read by the router (dashboard.py), the page tests and the benchmark. No
Streamlit import, so reading this module has no side effect."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .i18n import N_


@dataclass(frozen=True)
class Page:
    file: str  # relative to the project root
    title: str  # English, marked for the catalog: shown as _(title)
    url_path: str  # stable: permalinks name it
    icon: str

    @property
    def name(self) -> str:
        """Short name for tests and the benchmark (`overview`, `sessions`)."""
        return Path(self.file).stem


PAGES = (
    Page("app_pages/overview.py", N_("Overview"), "overview", ":material/dashboard:"),
    Page("app_pages/action_lines.py", N_("Action Lines"), "action-lines", ":material/view_list:"),
    Page("app_pages/sdgs.py", N_("SDGs"), "sdgs", ":material/target:"),
    Page("app_pages/regions.py", N_("Regions"), "regions", ":material/public:"),
    Page("app_pages/topics.py", N_("Topics"), "topics", ":material/label:"),
    Page("app_pages/sessions.py", N_("Sessions"), "sessions", ":material/groups:"),
    Page("app_pages/briefing.py", N_("Briefing"), "briefing", ":material/slideshow:"),
    Page("app_pages/cases.py", N_("Cases"), "cases", ":material/table_rows:"),
    Page("app_pages/replication.py", N_("Replication"), "replication", ":material/content_copy:"),
    Page("app_pages/data.py", N_("Data"), "data", ":material/database:"),
)

# The two kinds of record, by the word the code, SQL and CLI use: their names on screen,
# marked for the catalog (shown as _(KIND_NAMES[kind])).
KIND_NAMES = {"cases": N_("Cases"), "sessions": N_("Sessions")}
KIND_DESCRIPTIONS = {
    "cases": N_("Cases (ICT case repository)"),
    "sessions": N_("Sessions (WSIS Forum workshops, TalkX and more)"),
}
