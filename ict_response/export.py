"""Files users take away. Data exports are safe to open: a cell that a spreadsheet would
run as a formula is neutralised (CSV and XLSX). Chart images are rendered server-side by
Kaleido in the system's Chromium, with the title, subtitle and footer inside."""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
import shutil
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import cast

import pandas as pd
import plotly.graph_objects as go

from . import i18n
from .errors import UserError
from .i18n import N_, _, pgettext
from .paths import ROOT

TOPOJSON = ROOT / "static" / "topojson"

# Who made every file this product writes, and the language of its words (BCP 47): set in
# each file's metadata, so a document list, a screen reader or a search shows them.
APP_NAME = "ICT Response Dashboard"
LANGUAGE = "en-GB"
# The other languages as their files say them (BCP 47), where the bare code is not enough.
LANGUAGE_TAGS = {"en": LANGUAGE, "zh": "zh-Hans"}


def document_language() -> str:
    """The language of this run's words, as a file's metadata says it (en-GB, fr, zh-Hans)."""
    lang = i18n.current()
    return LANGUAGE_TAGS.get(lang, lang)


@dataclass(frozen=True)
class DocumentInfo:
    """The metadata a file carries: title, subject (filters and source), keywords."""

    title: str
    subject: str = ""
    keywords: str = ""
    comments: str = ""  # source, data date, licence; any sample data first
    author: str = APP_NAME
    language: str = field(default_factory=document_language)

    def __post_init__(self) -> None:
        # Office's core properties hold at most 255 characters each (python-pptx refuses more).
        for name in ("title", "subject", "keywords", "comments"):
            object.__setattr__(self, name, clip(getattr(self, name)))

    @classmethod
    def of_chart(cls, about: Mapping[str, object]) -> DocumentInfo:
        """From a chart's About fields (catalog.Chart.about), in the run's language."""
        filters, source = about.get("Filters", ""), about.get("Source", "")
        sample = _sample_sentence(str(about.get("Sample data", "")))
        if sample:
            # Translators: a file's subject (its metadata): {sample} says which of its data is
            # sample data ("the ... cases are synthetic, for demonstration only").
            subject = _("Filters: {filters}. Source: {source}. Sample data: {sample}").format(
                filters=filters, source=source, sample=sample
            )
        else:
            # Translators: a file's subject (its metadata): the filters and the data's source.
            subject = _("Filters: {filters}. Source: {source}").format(filters=filters, source=source)
        return cls(
            title=str(about.get("Chart", "")) or APP_NAME,
            subject=subject,
            keywords=", ".join(str(k) for k in (about.get("Chart name"), "WSIS", "COVID-19", "ICT") if k),
        )


def _sample_sentence(answer: str) -> str:
    """Which data is sample data, from the About sheet's "Sample data" answer ("Yes: the ...
    cases are synthetic, ..."), or '' when it is "No"."""
    before, found, after = _("Yes: {sentence}").partition("{sentence}")
    if not found or answer in ("", "No", pgettext("sample data", "No")):
        return ""
    if answer.startswith(before) and answer.endswith(after) and len(answer) > len(before) + len(after):
        return answer[len(before) : len(answer) - len(after)]
    return answer


def clip(text: str, limit: int = 255) -> str:
    """`text` cut to `limit` characters, ending in "…" when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Characters that make Excel, LibreOffice or Sheets treat a cell as a formula or command.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix a quote to text a spreadsheet would run; numbers pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells (and list cells, joined) cannot run as formulas."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            out[column] = series.map(_cell_text).map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def _cell_text(value: object) -> object:
    if hasattr(value, "tolist"):  # a numpy array: how DuckDB gives a list cell
        return "; ".join(str(v) for v in value.tolist())
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The data behind a chart as UTF-8 CSV (with BOM, so Excel reads accents), neutralised.
    CRLF line ends (RFC 4180) also make the writer quote a cell holding a lone CR."""
    return csv_safe_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


# --------------------------------------------------------------------------- spreadsheets


def sheet_title(name: str) -> str:
    """`name` as a worksheet may be called: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", name).strip()[:31] or "Sheet"


def xlsx_bytes(frame: pd.DataFrame, about: dict[str, object], sheet: str | None = None) -> bytes:
    """A workbook: sheet 1 the data (neutralised), sheet 2 "About" (what, filters, query,
    data date, source, licence), so a copied file still says where it came from. Sheet names
    and the About sheet's labels (`about`'s keys, English messages) in the run's language;
    the data's column names are its keys, as the query gives them."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    data = book.active
    assert data is not None  # a new workbook has one sheet, the active one
    # Translators: the name of a workbook's sheet holding a chart's data (31 characters at most).
    data.title = sheet_title(sheet or pgettext("sheet name", "Data"))
    safe = csv_safe_frame(frame)
    data.append([str(c) for c in safe.columns])
    for row in safe.itertuples(index=False):
        data.append([_xlsx_cell(v) for v in row])
    for cell in data[1]:
        cell.font = Font(bold=True)
    data.freeze_panes = "A2"
    for i, column in enumerate(safe.columns, start=1):
        width = max([len(str(column))] + [len(str(v)) for v in safe[column].head(200)])
        data.column_dimensions[get_column_letter(i)].width = min(60, max(8, width + 2))

    # Translators: the name of a workbook's sheet saying where its data comes from (31
    # characters at most).
    info = book.create_sheet(sheet_title(pgettext("sheet name", "About")))
    # Translators: the About sheet's column headings: each field's name and its value.
    info.append([pgettext("about sheet", "Field"), pgettext("about sheet", "Value")])
    for cell in info[1]:
        cell.font = Font(bold=True)
    for key, value in about.items():
        info.append([neutralise(_(str(key))), _xlsx_cell(value)])
    info.column_dimensions["A"].width = 18
    info.column_dimensions["B"].width = 100
    doc = DocumentInfo.of_chart(about) if "Chart" in about else DocumentInfo(APP_NAME)
    props = book.properties
    props.title, props.subject, props.keywords = doc.title, doc.subject, doc.keywords
    props.creator = props.lastModifiedBy = doc.author
    props.language = doc.language
    props.description = str(about.get("Query", "")) or None
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(value: object) -> object:
    """A value openpyxl can store, never a formula: text is neutralised and kept as text."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, (bool, int, float, dt.date, dt.datetime)):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return neutralise(str(_cell_text(value)))


# --------------------------------------------------------------------------- images

IMAGE_FORMATS = ("png", "svg", "pdf")
MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
DEFAULT_WIDTH = 1100
# Looked for on PATH, in this order ("chrome" is Chrome's name on Windows).
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
# Where Chrome and Chromium install themselves, for when they are not on PATH (a macOS app
# bundle, Windows' Program Files, a service started with a short PATH on Linux).
_LINUX_PATHS = tuple(
    f"{folder}/{name}" for folder in ("/usr/bin", "/usr/local/bin", "/snap/bin") for name in BROWSER_NAMES[:4]
) + ("/opt/google/chrome/chrome",)
_MAC_APPS = ("Google Chrome.app/Contents/MacOS/Google Chrome", "Chromium.app/Contents/MacOS/Chromium")
_WINDOWS_APPS = ("Google/Chrome/Application/chrome.exe", "Chromium/Application/chrome.exe")
NO_CHROMIUM = N_(
    "Chart images (PNG, SVG, PDF) need Chrome or Chromium on the server, and none "
    "was found: install Chromium (Debian or Ubuntu: apt-get install chromium) or "
    "Google Chrome (https://www.google.com/chrome/), or set ICT_RESPONSE_CHROMIUM "
    "to a Chrome binary; CSV and Excel downloads work without it."
)


class ChromiumMissingError(UserError):
    def __init__(self) -> None:
        super().__init__(_(NO_CHROMIUM))


def browser_candidates() -> list[str]:
    """The usual install paths of Chrome and Chromium on Linux, macOS and Windows, in the
    order chromium_path tries them after PATH."""
    homes = ["/Applications", os.path.expanduser("~/Applications")]
    roots = [os.environ.get(v) for v in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA")]
    return [
        *_LINUX_PATHS,
        *(os.path.join(home, app) for app in _MAC_APPS for home in homes),
        *(os.path.join(root, *app.split("/")) for app in _WINDOWS_APPS for root in roots if root),
    ]


def _runnable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def chromium_path() -> str | None:
    """The Chrome or Chromium used for server-side images: $ICT_RESPONSE_CHROMIUM, else
    $BROWSER_PATH (a path given there is used or nothing is), else the first Chromium or
    Chrome on PATH, else the first at its usual install path (browser_candidates). None when
    there is none. Kaleido is always given this path, so it never looks for (or fetches) a
    browser itself."""
    for variable in ("ICT_RESPONSE_CHROMIUM", "BROWSER_PATH"):
        given = os.environ.get(variable, "").strip()
        if given:
            return given if _runnable(given) else None
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return next((path for path in browser_candidates() if _runnable(path)), None)


def images_available() -> bool:
    return chromium_path() is not None


_render_lock = threading.Lock()
_server_browser: str | None = None


def _server(browser: str) -> None:
    """One long-lived headless Chromium per process (starting one costs ~2 s); requests are
    serialised because Kaleido's sync server answers one caller at a time."""
    global _server_browser
    import kaleido

    if _server_browser == browser and kaleido._global_server.is_running():
        return
    if kaleido._global_server.is_running():
        kaleido.stop_sync_server(silence_warnings=True)
    kaleido.start_sync_server(path=browser, n=1, timeout=90, silence_warnings=True)
    _server_browser = browser


def image_bytes(
    fig: go.Figure,
    fmt: str,
    width: int | None = None,
    height: int | None = None,
    scale: float = 1,
    info: DocumentInfo | None = None,
) -> bytes:
    """The figure as PNG, SVG or PDF, rendered by Kaleido in the system Chromium, with its
    title, subtitle and footer inside; a PDF's metadata says `info` (default: the figure's
    title). Raises ChromiumMissingError when there is no browser."""
    if fmt not in IMAGE_FORMATS:
        raise UserError(f"Image format {fmt!r} is not one of {', '.join(IMAGE_FORMATS)}.")
    browser = chromium_path()
    if browser is None:
        raise ChromiumMissingError()
    import kaleido

    opts = {
        "format": fmt,
        "width": int(width or fig.layout.width or DEFAULT_WIDTH),
        "height": int(height or fig.layout.height or 600),
        "scale": float(scale),
    }
    with _render_lock:
        _server(browser)
        result = kaleido.calc_fig_sync(fig, opts=opts, topojson=TOPOJSON.as_uri() + "/")
    if isinstance(result, BaseException):
        raise result
    if fmt == "pdf":
        return pdf_with_info(
            cast(bytes, result), info or DocumentInfo(_plain(fig.layout.title.text) or APP_NAME)
        )
    return cast(bytes, result)


def _plain(html: str | None) -> str:
    """A Plotly title's text without its markup (<b>, <br>, <sup>…)."""
    return " ".join(re.sub(r"<[^>]*>", " ", html or "").split())


def pdf_with_info(data: bytes, info: DocumentInfo) -> bytes:
    """The PDF with its Info dictionary rewritten (Chromium writes "Kaleido-fier", the name of
    Kaleido's page, as the title), its language set and viewers told to show the title.
    The structure tree Chromium writes (a tagged PDF) is kept."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import BooleanObject, DictionaryObject, NameObject, TextStringObject

    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter(clone_from=reader)
    kept = {
        k: v for k, v in (reader.metadata or {}).items() if k in ("/CreationDate", "/ModDate", "/Producer")
    }
    writer.metadata = {
        **kept,
        "/Title": info.title,
        "/Author": info.author,
        "/Subject": info.subject,
        "/Keywords": info.keywords,
        "/Creator": info.author,
    }
    root = writer._root_object
    root[NameObject("/Lang")] = TextStringObject(info.language)
    prefs = root.get("/ViewerPreferences")
    prefs = prefs.get_object() if prefs is not None else DictionaryObject()
    prefs[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    root[NameObject("/ViewerPreferences")] = prefs
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def file_name(name: str, ext: str, when: dt.date | None = None) -> str:
    """ict-response_<chart>_<date>.<ext>: meaningful, sortable, safe on every system; the
    product's and the chart's names (a catalogue name, or "briefing") in the run's
    language (file_stem)."""
    # Translators: the start of every downloaded file's name (the product's name). It becomes
    # part of a file name: keep it short, lowercase, words joined by hyphens (any script).
    product = _safe_stem(pgettext("file name", "ict-response"), "ict-response")
    return f"{product}_{file_stem(name)}_{(when or dt.date.today()).isoformat()}.{ext}"


def file_stem(name: str) -> str:
    """A chart's (or a briefing pack's) name as its files are named, in the run's language:
    a name not listed in file_stems is kept as it is."""
    stems = file_stems()
    return _safe_stem(stems[name], name) if name in stems else name


def file_stems() -> dict[str, str]:
    """Every catalogue chart's name, and "briefing", with its file name in the run's language
    (as the translator wrote it: file_stem makes it safe)."""
    return {
        # Translators: a file name: keep it short, lowercase, words joined by hyphens.
        "top-action-lines": pgettext("file name", "top-action-lines"),
        # Translators: a file name: keep it short, lowercase, words joined by hyphens.
        "top-sdgs": pgettext("file name", "top-sdgs"),
        # Translators: a file name: keep it short, lowercase, words joined by hyphens.
        "cases-by-country-map": pgettext("file name", "cases-by-country-map"),
        # Translators: a file name: keep it short, lowercase, words joined by hyphens.
        "cases-by-month": pgettext("file name", "cases-by-month"),
        # Translators: a file name: keep it short, lowercase, words joined by hyphens.
        "itu-initiatives-timeline": pgettext("file name", "itu-initiatives-timeline"),
        # Translators: a file name: keep it short, lowercase, words joined by hyphens.
        "cases-by-action-line": pgettext("file name", "cases-by-action-line"),
        # Translators: a file name: keep it short, lowercase, words joined by hyphens.
        "cases-vs-sessions-by-action-line": pgettext("file name", "cases-vs-sessions-by-action-line"),
        # Translators: a file name: keep it short, lowercase, words joined by hyphens.
        "cases-by-sdg": pgettext("file name", "cases-by-sdg"),
        # Translators: a file name: keep it short, lowercase, words joined by hyphens.
        "action-line-sdg-matrix": pgettext("file name", "action-line-sdg-matrix"),
        # Translators: a file name: keep it short, lowercase, words joined by hyphens.
        "cases-by-region": pgettext("file name", "cases-by-region"),
        # Translators: a file name: keep it short, lowercase, words joined by hyphens.
        "cases-by-topic": pgettext("file name", "cases-by-topic"),
        # Translators: a file name: keep it short, lowercase, words joined by hyphens.
        "topics-by-quarter": pgettext("file name", "topics-by-quarter"),
        # Translators: a file name: keep it short, lowercase, words joined by hyphens.
        "topic-by-region-matrix": pgettext("file name", "topic-by-region-matrix"),
        # Translators: a file name: keep it short, lowercase, words joined by hyphens.
        "replication-map": pgettext("file name", "replication-map"),
        # Translators: a file name: keep it short, lowercase, words joined by hyphens.
        "sessions-per-week": pgettext("file name", "sessions-per-week"),
        # Translators: a file name: keep it short, lowercase, words joined by hyphens.
        "sessions-by-type": pgettext("file name", "sessions-by-type"),
        # Translators: a file name: keep it short, lowercase, words joined by hyphens.
        "sessions-by-sdg": pgettext("file name", "sessions-by-sdg"),
        # Translators: a file name (a briefing pack's): keep it short, lowercase, words
        # joined by hyphens.
        "briefing": pgettext("file name", "briefing"),
    }


# What a translated name may not hold: what some system refuses in a file name, the file
# name's own separators (_ and .), and control characters.
_UNSAFE = re.compile(r'[<>:"/\\|?*_.\x00-\x1f\x7f]+')


def _safe_stem(stem: str, default: str) -> str:
    """A translation of a file name made safe: lowercase, words joined by hyphens, nothing a
    file system refuses (`default` if nothing is left)."""
    words = _UNSAFE.sub(" ", stem.lower()).split()
    return re.sub(r"-{2,}", "-", "-".join(words)).strip("-") or default
