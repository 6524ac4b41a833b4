"""What one crafted link must never do: make a briefing pack print a command that runs
something else when pasted into a shell, or show unfiltered figures as if filtered."""

from __future__ import annotations

import os
import shlex
import stat
import subprocess

import pytest

from ict_response.briefing import Pack
from ict_response.cli import main as cli
from ict_response.filters import Filters

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
