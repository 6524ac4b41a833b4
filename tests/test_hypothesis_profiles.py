"""Property tests run the same examples on every `make test` (the ci profile, tests/conftest.py)
and fresh random ones under `make fuzz`: the profile decides, and no test's own settings undo it."""

from __future__ import annotations

import ast
import os
from pathlib import Path

from hypothesis import settings

TESTS = Path(__file__).resolve().parent
# What the profiles decide for every test; a test's own settings(...) may not set these,
# since a field set on a test wins over the profile.
PROFILE_FIELDS = {"max_examples", "derandomize", "database", "deadline", "print_blob", "phases"}


def test_the_loaded_profile_is_the_deterministic_one_unless_fuzzing():
    name = settings.get_current_profile_name()
    assert name == os.environ.get("HYPOTHESIS_PROFILE", name)
    current = settings.default
    if name == "fuzz":
        assert not current.derandomize
        assert current.max_examples == int(os.environ.get("ICT_RESPONSE_FUZZ_EXAMPLES", "1000"))
    else:
        assert name == "ci"
        assert current.derandomize and current.database is None
        assert current.deadline is None and current.print_blob


def calls_in_tests():
    for path in sorted(TESTS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                yield path.name, node


def test_no_property_test_sets_what_the_profiles_decide():
    found = []
    for name, call in calls_in_tests():
        func = call.func
        called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if called == "settings":
            found += [(name, call.lineno, k.arg) for k in call.keywords if k.arg in PROFILE_FIELDS]
        if called == "seed":  # @seed(...) pins one test's randomness
            found.append((name, call.lineno, "seed"))
    assert found == []


def test_there_are_property_tests_to_run():
    given = {name for name, call in calls_in_tests() if getattr(call.func, "id", "") == "given"}
    assert {
        "test_properties.py",
        "test_read_fast.py",
        "test_columnwise.py",
        "test_text_search.py",
        "test_unclosed_quotes.py",
    } <= given
