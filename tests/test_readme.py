"""The README is the manual: every command and option of `ict-response`, every filter key,
every environment variable the code reads and every make target appear in it, so a change
that adds one without saying so fails here (in the manner of Datasette's documentation
tests)."""

from __future__ import annotations

import argparse
import re

import pytest

from ict_response import cli
from ict_response.filters import keys
from ict_response.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = cli.parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(subparsers.choices)


def _synopsis(command: str) -> str:
    """The README's synopsis of one command: its `ict-response COMMAND` line in a code block
    and the lines indented under it."""
    lines = README.splitlines()
    found = []
    for i, line in enumerate(lines):
        if line.startswith(f"ict-response {command} ") or line == f"ict-response {command}":
            found.append(line)
            found.extend(
                following
                for following in lines[i + 1 :]
                if following.startswith(" ") and following.strip().startswith("[")
            )
    return "\n".join(found)


@pytest.mark.parametrize("command", sorted(_commands()))
def test_every_command_and_option_is_in_the_readme(command):
    synopsis = _synopsis(command)
    assert synopsis, f"README has no synopsis line for `ict-response {command}`"
    missing = []
    for action in _commands()[command]._actions:
        if action.help == argparse.SUPPRESS or isinstance(action, argparse._HelpAction):
            continue
        names = action.option_strings or [action.dest]
        if action.option_strings and not any(re.search(rf"{re.escape(n)}\b", synopsis) for n in names):
            missing.append("/".join(names))
    assert not missing, f"ict-response {command}: README synopsis lacks {missing}"


@pytest.mark.parametrize("key", keys())
def test_every_filter_key_is_in_the_readme(key):
    assert f"`{key}`" in README


def _environment_variables() -> set[str]:
    found: set[str] = set()
    for path in [*sorted((ROOT / "ict_response").rglob("*.py")), ROOT / "dashboard.py"]:
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r"[\"']((?:ICT_RESPONSE|BROWSER)_[A-Z_]+)[\"']", text))
    return found


def test_every_environment_variable_is_in_the_readme():
    variables = _environment_variables()
    assert {"ICT_RESPONSE_DB", "ICT_RESPONSE_LICENCE"} <= variables  # the scan finds them
    missing = sorted(v for v in variables if f"${v}" not in README and f"`{v}`" not in README)
    assert not missing, f"README does not mention {missing}"


def test_every_make_target_is_in_the_readme():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = re.search(r"^\.PHONY:(.*)$", makefile, re.MULTILINE)[1].split()
    missing = [t for t in phony if f"make {t}" not in README]
    assert not missing, f"README does not mention {missing}"
