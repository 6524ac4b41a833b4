"""Where things live: the repository's data folders and the default database."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
SAMPLE_DIR = DATA_DIR / "sample"
QUERIES_DIR = ROOT / "queries"
# The shipped demonstration exports, by kind.
SAMPLE_EXPORTS = (("cases", SAMPLE_DIR / "cases.csv"), ("sessions", SAMPLE_DIR / "sessions.csv"))

DB_ENV_VAR = "ICT_RESPONSE_DB"


def default_db_path() -> Path:
    """The database the app and the CLI use unless told otherwise."""
    return Path(os.environ.get(DB_ENV_VAR) or DATA_DIR / "ict_response.duckdb")


def imports_dir(db_path: Path) -> Path:
    """Kept copies of every imported file live beside the database they feed."""
    return Path(db_path).resolve().parent / "imports"
