"""The limits on what one export may hold, in one place. Past each, the file is refused (or
the cell cut, with a warning) with a sentence that names the limit, never a crash or a
machine left without memory. Tests lower them with monkeypatch on this module."""

from __future__ import annotations

from . import i18n
from .i18n import _, ngettext

# Bytes in one export file read by the CLI or a build (larger: "split it").
MAX_FILE_BYTES = 1_500 * 1024 * 1024
# Size of one file uploaded in the dashboard, in MB; `.streamlit/config.toml` sets
# server.maxUploadSize to the same figure (a test checks that they agree).
MAX_UPLOAD_MB = 200
# Records (data rows) read from one file.
MAX_ROWS_PER_FILE = 2_000_000
# Columns in the header row.
MAX_COLUMNS = 2_000
# Characters of a file name kept with its import (longer: cut in the middle).
MAX_NAME_CHARS = 1_000
# Characters of a column name (longer names are cut: no alias is anywhere near).
MAX_HEADER_CHARS = 200
# What a page shows of rejected rows, warnings and previews: values cut to this many
# characters (ending in "…") and at most this many rows; the CLI gives them whole.
MAX_SHOWN_CHARS = 1_000
MAX_SHOWN_ROWS = 1_000
# Characters in one text cell; longer cells are cut, with a warning naming the field.
MAX_TEXT_CHARS = 20_000
# The child process that previews an upload on the Data page (ict_response/isolated.py):
# stopped past this much resident memory or this much time, so one file cannot take the
# server's memory or keep readers waiting.
MAX_WORKER_MB = 2_048
MAX_WORKER_SECONDS = 300
# The worker that publishes or withdraws from the Data page (a rebuild from every kept
# import: about 3.3 GB and a minute at a million cases; it may first wait for another writer).
MAX_BUILD_MB = 8_192
MAX_BUILD_SECONDS = 1_800


def _size(n: float) -> str:
    """A size in bytes as this language writes it: "1.5 GB", "200 MB" (a whole figure
    without its ".0")."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if n >= scale:
            rounded = f"{n / scale:.1f}"  # rounded here: the same digits in every language
            value = i18n.number(float(rounded), digits=0 if rounded.endswith(".0") else 1)
            if unit == "GB":
                # Translators: a file size, e.g. "1.5 GB".
                return _("{size} GB").format(size=value)
            if unit == "MB":
                # Translators: a file size, e.g. "200 MB".
                return _("{size} MB").format(size=value)
            # Translators: a file size, e.g. "12 KB".
            return _("{size} KB").format(size=value)
    count = round(n)
    return ngettext("{size} byte", "{size} bytes", count).format(size=i18n.number(count))


# The sentences below follow a file's name and a colon ("cases.csv: is 2 GB, past ...").


def file_too_large(size: int) -> str:
    # Translators: follows a file's name and a colon, e.g. "cases.csv: is 2 GB, past the 1.5 GB
    # limit for one file: split it."
    return _("is {size}, past the {limit} limit for one file: split it.").format(
        size=_size(size), limit=_size(MAX_FILE_BYTES)
    )


def too_many_rows() -> str:
    # Translators: follows a file's name and a colon, e.g. "cases.csv: has more than 2,000,000 rows, ..."
    return ngettext(
        "has more than {limit} row, the limit for one file: split it.",
        "has more than {limit} rows, the limit for one file: split it.",
        MAX_ROWS_PER_FILE,
    ).format(limit=i18n.number(MAX_ROWS_PER_FILE))


def too_many_columns(count: int) -> str:
    # Translators: follows a file's name and a colon, e.g. "cases.csv: has 2,500 columns, past the
    # 2,000 limit."
    return ngettext(
        "has {count} column, past the {limit} limit.", "has {count} columns, past the {limit} limit.", count
    ).format(count=i18n.number(count), limit=i18n.number(MAX_COLUMNS))
