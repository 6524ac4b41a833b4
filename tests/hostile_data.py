"""Exports whose values are hostile: markup and script, formula prefixes, SQL fragments,
control characters, right-to-left text, emoji, huge titles, impossible dates and SDGs,
links that are not http(s). Shared by the value, filter and browser tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path

IMG = "<img src=x onerror=alert(1)>"
ANCHOR = '<a href="javascript:alert(1)">x</a>'
SCRIPT = "<script>alert(1)</script>"
HYPERLINK = '=HYPERLINK("http://x","y")'
CMD = "+cmd|' /C calc'!A0"
SQL = "'; DROP TABLE cases; --"
MARKDOWN = "[click me](javascript:alert(1)) **bold** :red[colour] $x^2$"
RTL = "مشروع الصحة \u202eevil\u202c שלום"
EMOJI = "📱 Telehealth 🚑 👩🏽‍⚕️"
CONTROL = "Tab\there\x00nul\x07bell\x1bescape\x7fdel\x0bvt"
CONTROL_CLEANED = "Tab\therenulbellescapedelvt"
LONG = "Long title " + "x" * 99_989  # 100,000 characters

HEADER = [
    "ID",
    "Project Title",
    "Organisation",
    "Type of entity",
    "Countries",
    "WSIS Action Lines",
    "SDGs",
    "Description",
    "Start date",
    "Status",
    "Website",
    "Collection",
]


def _row(
    case_id: str,
    title: str,
    organisation: str = "Org",
    *,
    description: str = "d",
    url: str = "https://example.org/ok",
    sdgs: str = "3",
    start: str = "2020-05-01",
    collection: str = "",
) -> list[str]:
    return [
        case_id,
        title,
        organisation,
        "NGO",
        "Kenya",
        "C7 E-health",
        sdgs,
        description,
        start,
        "Ongoing",
        url,
        collection,
    ]


# (case id, row): each row is one record of the export, in order.
ROWS = [
    ("h-img", _row("h-img", IMG, IMG, description=IMG)),
    ("h-anchor", _row("h-anchor", ANCHOR, ANCHOR, description=ANCHOR, collection=ANCHOR)),
    ("h-script", _row("h-script", SCRIPT, SCRIPT, description=SCRIPT)),
    ("h-hyperlink", _row("h-hyperlink", HYPERLINK, HYPERLINK, description=HYPERLINK)),
    ("h-cmd", _row("h-cmd", CMD, CMD, description=CMD)),
    ("h-sql", _row("h-sql", SQL, SQL, description=SQL)),
    ("h-markdown", _row("h-markdown", MARKDOWN, MARKDOWN, description=MARKDOWN)),
    ("h-rtl", _row("h-rtl", RTL, RTL)),
    ("h-emoji", _row("h-emoji", EMOJI, EMOJI)),
    ("h-control", _row("h-control", CONTROL, CONTROL)),
    ("h-long", _row("h-long", LONG)),
    ("h-js-url", _row("h-js-url", "Link is javascript", url="javascript:alert(1)")),
    ("h-js-url-case", _row("h-js-url-case", "Link is JaVaScRiPt", url=" JaVaScRiPt:alert(1)")),
    ("h-data-url", _row("h-data-url", "Link is data", url="data:text/html,<script>alert(1)</script>")),
    ("h-vbs-url", _row("h-vbs-url", "Link is vbscript", url="vbscript:msgbox(1)")),
    (
        "h-quote-url",
        _row(
            "h-quote-url",
            "Link breaks out of its attribute",
            url='https://example.org/"><img src=x onerror=alert(1)>',
        ),
    ),
    ("h-year-9999", _row("h-year-9999", "Starts in the year 9999", start="9999-12-31")),
    ("h-negative-sdg", _row("h-negative-sdg", "Negative SDGs", sdgs="-3; −5; 0; 18")),
    (
        "=1+1",
        ["=1+1", "Formula as id", "Org", "NGO", "Kenya", "C2", "4", "d", "2020-01-01", "Ongoing", "", ""],
    ),
    ("h-no-title", _row("h-no-title", "\x00\x07 ")),  # only control characters: no title
]
# Link values that are not http(s) and must be dropped with a warning.
BAD_LINKS = {"h-js-url", "h-js-url-case", "h-data-url", "h-vbs-url", "h-quote-url"}


def write_export(path: Path) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(row for _, row in ROWS)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def expected_text(raw: str) -> str:
    """What the database must hold for a raw cell: control characters removed, trimmed."""
    return "".join(ch for ch in raw if ch in "\t\n\r" or not (ord(ch) < 32 or ord(ch) == 127)).strip()
