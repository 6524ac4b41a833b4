"""Files users take away. Data exports are safe to open: a cell that a spreadsheet would
run as a formula is neutralised."""

from __future__ import annotations

import pandas as pd

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
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        items = value.tolist() if hasattr(value, "tolist") else value
        return "; ".join(str(v) for v in items)
    return value
