"""ITU's COVID-19 initiatives as a real, shipped collection (in every build, never sample,
never withdrawn with the sample), their timeline, and sample data named per collection: the
first real export of a kind replaces the sample of that kind, saying so first."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest
from builders import CASES_SMALL, N_INITIATIVES, SESSIONS_SMALL
from streamlit.testing.v1 import AppTest

from ict_response import catalog, charts, initiatives, provenance
from ict_response.charts import ChartText
from ict_response.cli import main as cli
from ict_response.db import connect_readonly
from ict_response.paths import ROOT, SAMPLE_EXPORTS
from ict_response.queries import run_path
from ict_response.store import ImportStore, shipped_imports


def run(capsys, *argv):
    code = cli([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def meta_of(db) -> dict[str, str]:
    frame = run_path(db, "meta")
    return dict(zip(frame["key"], frame["value"], strict=True))


def collections(db) -> dict[str, int]:
    frame = run_path(db, "cases_by_collection")
    return dict(zip(frame["collection"], frame["cases"], strict=True))


# --------------------------------------------------------------------------- the shipped file


def test_the_shipped_export_is_what_the_source_list_and_rules_make():
    assert initiatives.EXPORT.read_text(encoding="utf-8") == initiatives.export_text(), (
        "data/collections/itu_covid_initiatives.csv is stale: run "
        "`python -c 'from ict_response import initiatives; initiatives.write_export()'`"
    )
    with open(initiatives.SOURCE_LIST, encoding="utf-8", newline="") as f:
        source = list(csv.DictReader(f))
    assert len(source) == N_INITIATIVES
    assert all(r["source_url"].startswith("https://") for r in source)


def test_tags_only_where_a_rule_matches_and_each_says_which():
    lines, sdgs, how = initiatives.inferred_tags("Public Webinar on New E-health Solutions", "Webinar")
    assert (lines, sdgs) == (["C7-EHEALTH"], [3])
    assert "inferred by rule 'health' (matched 'e-health')" in how
    assert "source states no Action Line or SDG" in how
    lines, sdgs, how = initiatives.inferred_tags("Pandemic in the Internet Age (report)", "Publication")
    assert (lines, sdgs) == ([], [])
    assert how.startswith("None:")
    # Two rules: both tags, both reasons.
    lines, sdgs, how = initiatives.inferred_tags("Connect2Recover", "Joint action plan")
    assert (lines, sdgs) == (["C2", "C11"], [9, 17])
    assert "'connectivity'" in how and "'cooperation'" in how


# --------------------------------------------------------------------------- in every build


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("initiatives") / "data" / "sample.duckdb"
    assert cli(["build", "--db", str(db)]) == 0
    return db


@pytest.fixture
def db(sample_db, tmp_path):
    import shutil

    shutil.copytree(sample_db.parent, tmp_path / "data")
    return tmp_path / "data" / sample_db.name


def test_the_sample_build_holds_the_initiatives_as_real_data(sample_db):
    assert collections(sample_db)["ITU COVID-19 initiatives"] == N_INITIATIVES
    history = run_path(sample_db, "import_history")
    shipped = history[history["file_name"] == "itu_covid_initiatives.csv"].iloc[0]
    assert bool(shipped["shipped"]) and not bool(shipped["is_sample"])
    assert int(shipped["rows_loaded"]) == N_INITIATIVES
    meta = meta_of(sample_db)
    assert meta["initiatives"] == str(N_INITIATIVES)
    assert initiatives.SOURCE in meta["source"]
    # The sample is named per collection; the initiatives are not among them.
    assert [(c["kind"], c["collection"]) for c in provenance.sample_collections(meta)] == [
        ("cases", "WSIS Stocktaking COVID-19"),
        ("sessions", "WSIS Forum 2021"),
    ]
    # The manifest names only the sample files: the shipped collection is never kept.
    assert [e.file_name for e in ImportStore(sample_db).entries()] == ["cases.csv", "sessions.csv"]


def test_ingesting_a_real_cases_export_replaces_the_sample_cases_and_says_so_first(db, capsys):
    code, out, err = run(capsys, "ingest", "cases", CASES_SMALL, "--db", db, "--json")
    assert code == 0, err
    assert "The first real cases export replaces the shipped sample cases: cases.csv" in err
    assert "--keep-sample keeps the sample" in err
    report = json.loads(out)
    assert [r["file_name"] for r in report["replaced_sample"]] == ["cases.csv"]
    assert collections(db) == {"ITU COVID-19 initiatives": N_INITIATIVES, "WSIS Stocktaking COVID-19": 5}
    # Only the sessions are sample data now, and every footer says exactly that.
    meta = meta_of(db)
    assert provenance.sample_footer(meta) == (
        "SAMPLE DATA: the WSIS Forum 2021 sessions are synthetic, for demonstration only"
    )
    assert [e.file_name for e in ImportStore(db).entries()] == ["sessions.csv", CASES_SMALL.name]
    kept = sorted(p.name for p in ImportStore(db).dir.iterdir() if p.suffix == ".csv")
    assert len(kept) == 2  # the sample cases' kept copy is gone
    # A real sessions export replaces the sample sessions: nothing is sample any more.
    code, _, err = run(capsys, "ingest", "sessions", SESSIONS_SMALL, "--db", db)
    assert code == 0 and "replaces the shipped sample sessions: sessions.csv" in err
    meta = meta_of(db)
    assert meta["is_sample"] == "false" and provenance.sample_footer(meta) == ""
    assert collections(db)["ITU COVID-19 initiatives"] == N_INITIATIVES
    with catalog.open_db(db) as ctx:
        chart = catalog.render("cases-by-sdg", ctx)
    assert "SAMPLE" not in " ".join(chart.text.footer_lines()) and chart.about()["Sample data"] == "No"
    assert chart.text.source.endswith(f"; {initiatives.SOURCE}")


def test_keep_sample_keeps_it_and_says_how_much_is_sample(db, capsys):
    code, out, err = run(capsys, "ingest", "cases", CASES_SMALL, "--db", db, "--keep-sample", "--json")
    assert code == 0, err
    assert "replaces the shipped sample" not in err
    assert json.loads(out)["replaced_sample"] == []
    sample_cases = next(c for c in provenance.sample_collections(meta_of(db)) if c["kind"] == "cases")
    assert sample_cases["records"] == sample_cases["sample"] + 5  # the five real ones share the collection
    assert provenance.sample_words(meta_of(db)).startswith(
        f"{sample_cases['sample']:,} of the {sample_cases['records']:,} WSIS Stocktaking COVID-19 cases"
    )


def test_build_with_sample_and_real_cases_leaves_out_the_sample_cases(tmp_path, capsys):
    db = tmp_path / "t.duckdb"
    code, out, err = run(capsys, "build", "--sample", "--cases", CASES_SMALL, "--db", db)
    assert code == 0, err
    assert "The shipped sample cases are left out: real cases exports were given" in err
    assert collections(db) == {"ITU COVID-19 initiatives": N_INITIATIVES, "WSIS Stocktaking COVID-19": 5}
    assert "SAMPLE DATA: the WSIS Forum 2021 sessions are synthetic" in out
    code, out, err = run(capsys, "build", "--sample", "--keep-sample", "--cases", CASES_SMALL, "--db", db)
    assert code == 0 and "left out" not in err
    assert collections(db)["WSIS Stocktaking COVID-19"] > 5
    # A build of real files only says that the sample it held is not rebuilt.
    code, out, err = run(capsys, "build", "--cases", CASES_SMALL, "--db", db)
    assert code == 0 and "its sample cases and sessions are not in it" in err
    assert "SAMPLE" not in out


def test_the_initiatives_survive_withdrawing_the_sample_and_cannot_be_withdrawn(db, capsys):
    entries = {e.file_name: e.import_id for e in ImportStore(db).entries()}
    code, _, err = run(capsys, "withdraw", entries["cases.csv"], "--db", db)
    assert code == 0, err
    assert collections(db) == {"ITU COVID-19 initiatives": N_INITIATIVES}
    shipped_id = shipped_imports()[0][0].import_id
    code, _, err = run(capsys, "withdraw", shipped_id, "--db", db)
    assert code == 2 and "cannot be withdrawn" in err and "\n" not in err.strip()
    assert collections(db) == {"ITU COVID-19 initiatives": N_INITIATIVES}


def test_a_sample_file_ingested_again_replaces_nothing(db, capsys):
    sessions = dict(SAMPLE_EXPORTS)["sessions"]
    code, _, err = run(capsys, "ingest", "sessions", sessions, "--db", db)
    assert code == 0 and "replaces" not in err and "already imported" in err


# --------------------------------------------------------------------------- words


@pytest.mark.parametrize(
    "rows, words",
    [
        ([], ""),
        (
            [{"kind": "cases", "collection": "WSIS Stocktaking COVID-19", "sample": 10, "records": 10}],
            "the WSIS Stocktaking COVID-19 cases",
        ),
        (
            [
                {"kind": "cases", "collection": "A", "sample": 3, "records": 1003},
                {"kind": "cases", "collection": "", "sample": 2, "records": 2},
                {"kind": "sessions", "collection": "WSIS Forum 2021", "sample": 5, "records": 5},
            ],
            "3 of the 1,003 A cases, the cases without a collection and the WSIS Forum 2021 sessions",
        ),
    ],
)
def test_sample_words(rows, words):
    meta = {"sample": json.dumps(rows), "is_sample": "true" if rows else "false"}
    assert provenance.sample_words(meta) == words
    assert provenance.is_sample(meta) == bool(rows)
    assert (provenance.SAMPLE_MARK in provenance.sample_footer(meta)) == bool(rows)


def test_a_database_built_before_per_collection_counts_is_still_marked():
    assert provenance.sample_footer({"is_sample": "true"}).startswith("SAMPLE DATA: some records")
    assert provenance.sample_footer({"is_sample": "false"}) == ""


# --------------------------------------------------------------------------- the timeline


def _frame(rows):
    return pd.DataFrame(rows, columns=["title", "date", "precision", "date_as_published", "url"]).assign(
        date=lambda f: pd.to_datetime(f["date"])
    )


def test_timeline_shows_a_month_as_the_month_and_counts_the_undated():
    frame = _frame(
        [
            ["Day one", "2020-03-23", "day", "2020-03-23", "https://a.example"],
            ["Month one", "2020-09-01", "month", "2020-09", "https://b.example"],
            ["No date", None, "none", "", "https://c.example"],
        ]
    )
    fig = charts.dated_timeline(frame, ChartText("T"))
    bars = [t for t in fig.data if t.type == "bar"]
    marks = [t for t in fig.data if t.type == "scatter"]
    assert len(bars) == 1 and len(marks) == 1
    start = pd.Timestamp(bars[0].base[0])
    end = start + pd.Timedelta(milliseconds=bars[0].x[0])
    assert (start, end.floor("D")) == (pd.Timestamp("2020-09-01"), pd.Timestamp("2020-09-30"))
    assert list(marks[0].x) == [pd.Timestamp("2020-03-23")]
    assert list(marks[0].y) == ["Day one"] and list(bars[0].y) == ["Month one"]
    assert bars[0].customdata[0][1] == "2020-09"  # hover shows the date as published
    footer = " ".join(a.text for a in fig.layout.annotations)
    assert "1 without a published date are not placed (they are in" in footer  # wrapped


def test_timeline_with_nothing_dated_says_so():
    fig = charts.dated_timeline(_frame([["No date", None, "none", "", ""]]), ChartText("T"))
    assert (
        "None of the 1 initiatives matching the filters has a published date."
        in fig.layout.annotations[0].text
    )
    fig = charts.dated_timeline(_frame([]), ChartText("T"))
    assert "No dated initiative matches the current filters." in fig.layout.annotations[0].text


def test_overview_shows_the_initiatives_timeline_with_links(sample_db, monkeypatch):
    monkeypatch.setenv("ICT_RESPONSE_DB", str(sample_db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    assert any(h.value == "ITU's own COVID-19 initiatives" for h in at.subheader)
    table = next(d.value for d in at.dataframe if "tags_inferred" in d.value.columns)
    expected = run_path(sample_db, "itu_initiatives")
    assert list(table["title"]) == list(expected["title"]) and len(table) == N_INITIATIVES
    assert table["url"].str.startswith("https://").all()
    assert any("Without a published date (6)" in c.value for c in at.caption)
    # The filters apply: an action line narrows the timeline to the initiatives tagged with it.
    at.query_params["action_line"] = "C7-EHEALTH"
    at.run()
    table = next(d.value for d in at.dataframe if "tags_inferred" in d.value.columns)
    assert len(table) == 5


def test_the_timeline_chart_counts_initiatives_not_cases(sample_db):
    with catalog.open_db(sample_db) as ctx:
        chart = catalog.render("itu-initiatives-timeline", ctx)
    assert chart.text.subtitle == f"All initiatives · n = {N_INITIATIVES} initiatives"
    assert chart.text.source.startswith("Source: ITU COVID-19 initiatives")
    assert len(chart.frame) == N_INITIATIVES


def test_the_real_initiatives_chart_carries_no_sample_mark_beside_sample_cases(sample_db):
    with catalog.open_db(sample_db) as ctx:
        assert ctx.is_sample  # the sample cases and sessions are there
        timeline = catalog.render("itu-initiatives-timeline", ctx)
        sessions = catalog.render("sessions-per-week", ctx)
        cases = catalog.render("cases-by-month", ctx)
    assert timeline.text.sample == ""
    assert "sessions" in sessions.text.sample and "cases" not in sessions.text.sample
    assert "cases" in cases.text.sample


def test_the_data_page_history_marks_the_shipped_import(sample_db):
    con = connect_readonly(sample_db)
    try:
        rows = con.execute("SELECT file_name, is_sample, shipped FROM imports ORDER BY seq").fetchall()
    finally:
        con.close()
    assert rows == [
        ("itu_covid_initiatives.csv", False, True),
        ("cases.csv", True, False),
        ("sessions.csv", True, False),
    ]
