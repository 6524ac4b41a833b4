"""What one crafted link must never do: make a briefing pack print a command that runs
something else when pasted into a shell, or show unfiltered figures as if filtered."""

from __future__ import annotations

import os
import shlex
import stat
import subprocess

import pytest
from streamlit.testing.v1 import AppTest

from ict_response.briefing import Pack
from ict_response.cli import main as cli
from ict_response.filters import MAX_NOTES, Filters
from ict_response.paths import ROOT
from ict_response.ui import url_limit
from ict_response.ui.markdown import literal

# Values a permalink can carry into the pack's "Reproduce" line.
SHELL_VALUES = [
    "$(touch PWNED)",
    "`touch PWNED`",
    "x; touch PWNED",
    "x' ; touch PWNED; echo '",
    'x" && touch PWNED && echo "',
    "x\ntouch PWNED",
    "x | touch PWNED",
    "$HOME ~ * ?",
]


def reproduce_line(params: dict[str, str]) -> str:
    filters = Filters.parse(params)
    pack = Pack(filters.describe(), filters.to_query_params(), {}, [], [])
    line = next(line for line in pack.methods() if line.startswith("Reproduce"))
    prefix = "Reproduce (POSIX sh): "
    assert line.startswith(prefix), line
    return line.removeprefix(prefix)


@pytest.mark.parametrize("value", SHELL_VALUES)
@pytest.mark.parametrize("key", ["collection", "q"])
def test_reproduce_line_runs_nothing_when_pasted_into_sh(tmp_path, key, value):
    """The printed command, run by sh with a stand-in `ict-response` that prints its
    arguments, creates no file and passes the value through as one argument."""
    fake = tmp_path / "bin" / "ict-response"
    fake.parent.mkdir()
    fake.write_text('#!/bin/sh\nfor a in "$@"; do printf \'%s\\0\' "$a"; done\n')
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    command = reproduce_line({key: value})
    env = {**os.environ, "PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["sh", "-c", command], cwd=tmp_path, env=env, capture_output=True, check=True)
    assert not (tmp_path / "PWNED").exists()
    argv = done.stdout.decode().split("\0")[:-1]
    expected = Filters.parse({key: value}).to_query_params()[key]
    assert argv == ["briefing", "--out", "FILE.pptx", "--filter", f"{key}={expected}", "--sections", ""]
    assert shlex.split(command)[1:] == argv


def test_reproduce_line_keeps_plain_filters_readable():
    command = reproduce_line({"action_line": "C2,C7-EHEALTH", "region": "Africa"})
    assert "--filter action_line=C2,C7-EHEALTH --filter region=Africa" in command


def test_control_characters_in_a_link_are_removed_with_a_note():
    filters = Filters.parse({"q": "tele\x07health\nnow", "entity_type": "\x00"})
    assert filters.q == "telehealth now"
    assert filters.entity_type == ()
    assert filters.notes == (
        "Removed control characters from 'q'.",
        "Removed control characters from 'entity_type'.",
    )


@pytest.mark.parametrize("fmt", ["pptx", "docx"])
def test_a_pack_for_filters_with_control_characters_is_written(hostile_db, tmp_path, capsys, fmt):
    """A BEL or NUL in a filter value once stopped the chart images (plotly.js error) and
    the pack with a traceback."""
    out = tmp_path / f"pack.{fmt}"
    args = ["briefing", "--db", str(hostile_db), "--out", str(out), "--sections", "sdgs"]
    code = cli([*args, "--filter", "q=tele\x07health", "--filter", "collection=x\x00y"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert out.stat().st_size > 0 and "Traceback" not in err
    assert "Removed control characters from 'q'." in err


# ------------------------------------------------------------- links with too many parameters


def junk_query_string(n: int) -> str:
    return "&".join(f"junk{i}=1" for i in range(n))


def test_a_query_string_streamlit_drops_arrives_as_one_marker():
    """Streamlit ignores a query string of more than 1,000 parameters (or 512 Ki characters)
    without a word; the wrapped check hands the page a marker saying how many there were."""
    from streamlit.runtime import app_session

    url_limit.install()
    url_limit.install()  # twice is once
    sanitize = app_session.sanitize_query_string
    assert sanitize(junk_query_string(1000)) == junk_query_string(1000)
    assert sanitize("") == ""
    many = junk_query_string(1001)
    assert sanitize(many) == f"{url_limit.DROPPED}=1001,{len(many)}"
    long = "q=" + "x" * 600_000
    assert sanitize(long) == f"{url_limit.DROPPED}=1,{len(long)}"


def sidebar_warnings(app: AppTest) -> list[str]:
    return [w.value for w in app.sidebar.warning]


def test_the_sidebar_says_a_dropped_query_string_was_dropped(sample_db, monkeypatch):
    monkeypatch.setenv("ICT_RESPONSE_DB", str(sample_db))
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.query_params[url_limit.DROPPED] = "1001,9890"
    app.run()
    assert not app.exception, app.exception
    note = url_limit.note("1001,9890")
    assert "(1,001 parameters, 9,890 characters)" in note and "no filter is applied" in note
    assert sidebar_warnings(app) == [literal(note)]
    assert url_limit.DROPPED not in app.query_params


def test_a_marker_that_is_not_numbers_is_an_ordinary_note(sample_db, monkeypatch):
    monkeypatch.setenv("ICT_RESPONSE_DB", str(sample_db))
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.query_params[url_limit.DROPPED] = "<b>lots</b>"
    app.run()
    assert not app.exception, app.exception
    assert sidebar_warnings(app) == [literal(url_limit.note(""))]


def test_notes_are_capped_with_a_count_of_the_rest(sample_db, monkeypatch):
    monkeypatch.setenv("ICT_RESPONSE_DB", str(sample_db))
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for i in range(998):
        app.query_params[f"junk{i}"] = "1"
    app.run()
    assert not app.exception, app.exception
    warnings = sidebar_warnings(app)
    assert len(warnings) == MAX_NOTES + 1
    assert warnings[0] == literal("Ignored unknown filter 'junk0'.")
    assert warnings[-1] == literal(f"…and {998 - MAX_NOTES:,} more notes like these.")


def test_cli_notes_are_capped_too(hostile_db, capsys):
    args = [a for i in range(30) for a in ("--filter", f"junk{i}=1")]
    assert cli(["query", "headline_figures", "--db", str(hostile_db), *args]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == MAX_NOTES + 1 and err[-1] == f"…and {30 - MAX_NOTES} more notes like these."
