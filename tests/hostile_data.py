"""Exports whose values are hostile: markup and script, formula prefixes, SQL fragments,
control characters, right-to-left text, emoji, huge titles, impossible dates and SDGs,
links that are not http(s). Shared by the value, filter and browser tests."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
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


def write_giant_string_workbook(path: Path, chars: int = 1_000_000) -> str:
    """A small .xlsx whose one shared string of `chars` characters fills a column name, a
    title, a description, countries, a link, a column kept in extra, and a row with no title
    (rejected). The string is stored once, compressed, so the file stays a few KB. Returns it."""
    giant = "Giant " + "x" * (chars - 6)
    rows = [
        ["ID", "Project Title", "Description", "Countries", "Website", "Notes", giant],
        ["g-1", giant, giant, giant, giant, giant, "1"],
        ["g-2", "", giant, "Kenya", "", giant, "2"],
        ["g-3", "Telemedicine in rural clinics", "d", "Kenya", "https://example.org", "", "3"],
    ]
    strings = list(dict.fromkeys(v for row in rows for v in row))
    index = {v: i for i, v in enumerate(strings)}
    sheet_rows = (
        f'<row r="{r}">'
        + "".join(f'<c r="{"ABCDEFG"[c]}{r}" t="s"><v>{index[v]}</v></c>' for c, v in enumerate(row) if v)
        + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    _write_xlsx(path, strings, sheet_rows)
    return giant


def write_tall_workbook(path: Path, records: int) -> None:
    """An .xlsx of `records` rows under a "Project Title" header, each the same shared
    string: 2.1 million rows fit in about 2 MB."""
    rows = (
        f'<row r="{r}"><c r="A{r}" t="s"><v>{0 if r == 1 else 1}</v></c></row>' for r in range(1, records + 2)
    )
    _write_xlsx(path, ["Project Title", "Telemedicine in rural clinics"], rows)


def _write_xlsx(path: Path, strings: list[str], sheet_rows: Iterable[str]) -> None:
    """A minimal workbook, written by hand: openpyxl writes inline strings, cut at Excel's
    32,767 characters, and is slow for millions of rows."""
    import zipfile
    from xml.sax.saxutils import escape

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006"
    xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{pkg}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{sheet_type}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{sheet_type}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{sheet_type}.sharedStrings+xml"/>'
        "</Types>",
        "_rels/.rels": f'<Relationships xmlns="{pkg}/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
        '<sheet name="Cases" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{pkg}/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<sst xmlns="{main}" count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f"<si><t>{escape(v)}</t></si>" for v in strings)
        + "</sst>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, xml + text)
        with z.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'{xml}<worksheet xmlns="{main}"><sheetData>'.encode())
            batch: list[str] = []
            for row in sheet_rows:
                batch.append(row)
                if len(batch) == 100_000:
                    sheet.write("".join(batch).encode())
                    batch.clear()
            sheet.write(("".join(batch) + "</sheetData></worksheet>").encode())
