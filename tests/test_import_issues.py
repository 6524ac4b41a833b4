"""What an import could not understand, said in the reader's language (import_issues): the
database keeps each reason and warning in English, written from a template; a page reads its
values back out and says it with the template's translation."""

from __future__ import annotations

import duckdb
import pytest
from builders import build, write_csv

from ict_response import i18n
from ict_response import import_issues as issues
from ict_response.i18n import _


def test_an_issue_is_said_in_the_language_with_its_values():
    written = issues.write(issues.UNKNOWN, what="country", value=repr("Atlantis"))
    assert written == "not a known country: 'Atlantis'"
    with i18n.using("fr"):
        assert issues.say(written) == "valeur inconnue (pays)\u00a0: 'Atlantis'"
    with i18n.using("zh"):
        assert issues.say(written) == "无法识别的国家：'Atlantis'"


def test_numbers_are_read_back_and_written_as_the_language_writes_them():
    written = issues.write(issues.CUT, limit=1_000_000, length=1_234_567)
    assert written == "cut to 1,000,000 characters from 1,234,567"
    with i18n.using("fr"):
        said = issues.say(written)
        assert said == _(issues.CUT).format(limit=i18n.number(1_000_000), length=i18n.number(1_234_567))
    assert "1\u202f000\u202f000" in said or "1\u00a0000\u00a0000" in said


def test_a_value_holding_the_templates_own_words_stays_whole():
    value = repr("SDG 3: health: not a known thing")
    written = issues.write(issues.UNKNOWN, what="SDG (1-17)", value=value)
    with i18n.using("es"):
        assert issues.say(written) == f"valor desconocido (ODS (1-17)): {value}"


def test_what_no_template_wrote_and_english_are_shown_as_they_are():
    with i18n.using("ru"):
        assert issues.say("a reason of an older build") == "a reason of an older build"
        assert issues.say(None) is None
    assert issues.say(issues.NO_TITLE) == "no title"


def test_every_issue_a_build_keeps_is_written_from_a_template(tmp_path):
    """Rejected rows and warnings of a file with every kind of trouble: each is said in
    another language, so none escapes the templates."""
    path = write_csv(
        tmp_path / "cases.csv",
        [
            ["Project ID", "Project Title", "Country", "SDGs", "Action Lines", "Start Date", "Status", "URL"],
            ["a", "", "Kenya", "", "", "", "", ""],  # no title
            ["b", "B", "Atlantis", "SDG 18", "C12", "someday", "Someday", "javascript:x"],
            ["c", "C", "Kenya", "3", "C7", "1850-01-01", "Ongoing", "https://example.org"],
            ["d", "D", "Kenya", "3", "C7", "2020-01-01", "Ongoing", "https://example.org", "extra"],
        ],
    )
    db = tmp_path / "t.duckdb"
    build(db, cases=[path])
    con = duckdb.connect(str(db), read_only=True)
    try:
        said = [r for (r,) in con.execute("SELECT reason FROM rejected_rows").fetchall()]
        said += [m for (m,) in con.execute("SELECT message FROM import_warnings").fetchall()]
    finally:
        con.close()
    assert len(said) >= 8, said
    with i18n.using("fr"):
        untranslated = [s for s in said if issues.say(s) == s]
    assert not untranslated, untranslated


@pytest.mark.parametrize("template", issues.TEMPLATES)
def test_every_template_reads_back_what_it_wrote(template):
    values = {"what": "country", "value": "'x: y'", "cells": 12, "columns": 1_234}
    values |= {"first": 2, "last": 1_000, "limit": 10, "length": 20}
    written = issues.write(template, **values)
    with i18n.using("ar"):
        assert issues.say(written) != written


def test_every_field_of_an_export_has_a_name():
    from ict_response import names
    from ict_response.ingest import CASE_FIELDS, SESSION_FIELDS

    assert set(CASE_FIELDS) | set(SESSION_FIELDS) <= set(names.FIELDS)
    with i18n.using("fr"):
        assert names.field("sdgs") == "ODD" and names.field("not_a_field") == "not_a_field"
