"""The six languages' catalogs: every message the code writes (extracted afresh, as `make
translations` does) is translated and reviewed in every catalog, each translation keeps its
message's placeholders, plural forms follow each language's rules, and the run's language
switches what `_` returns."""

from __future__ import annotations

import re
import string
import unicodedata
from functools import cache

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from ict_response import i18n
from ict_response.paths import ROOT

TRANSLATED = [lang for lang in i18n.LANGUAGES if lang != i18n.SOURCE]


@cache
def extraction() -> list[tuple[str | None, str, str | tuple[str, ...], list[str]]]:
    """(context, msgid, message, translator comments) of every message in the code as it is."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    return [
        (context, message if isinstance(message, str) else message[0], message, comments)
        for _file, _line, message, comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=DEFAULT_KEYWORDS, comment_tags=("Translators:",)
        )
    ]


def extracted() -> dict[tuple[str | None, str], str | tuple[str, ...]]:
    """(context, msgid) -> the message (a tuple for plural messages)."""
    return {(context, msgid): message for context, msgid, message, _comments in extraction()}


@cache
def catalog(lang: str) -> Catalog:
    with i18n.catalog_path(lang).open("rb") as f:
        return read_po(f, locale=lang)


def fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def test_the_code_has_messages_to_translate():
    assert len(extracted()) > 300


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated_and_reviewed(lang):
    cat = catalog(lang)
    missing, fuzzy = [], []
    for (context, msgid), message in extracted().items():
        entry = cat.get(msgid, context=context)
        strings = (
            () if entry is None else (entry.string if isinstance(entry.string, tuple) else (entry.string,))
        )
        if entry is None or not all(s.strip() for s in strings):
            missing.append(msgid)
        elif entry.fuzzy:
            fuzzy.append(msgid)
        if entry is not None and isinstance(message, tuple):
            assert len(strings) == cat.num_plurals, f"{lang}: {msgid!r} needs {cat.num_plurals} plural forms"
    assert not missing, (
        f"{lang}: {len(missing)} messages untranslated (make translations), e.g. {missing[:5]}"
    )
    assert not fuzzy, f"{lang}: {len(fuzzy)} fuzzy translations to review, e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_their_placeholders(lang):
    wrong = []
    for entry in catalog(lang):
        if not entry.id or not entry.string:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        allowed = set().union(*(fields(i) for i in ids))
        for text in entry.string if isinstance(entry.string, tuple) else (entry.string,):
            try:
                used = fields(text)
                text.format(**dict.fromkeys(used, "x"))
            except (ValueError, IndexError, KeyError) as error:
                wrong.append(f"{entry.id!r}: {error}")
                continue
            plural_form_may_drop_count = isinstance(entry.id, tuple)
            if not used <= allowed or (not plural_form_may_drop_count and used != allowed):
                wrong.append(f"{entry.id!r} -> {text!r}")
    assert not wrong, f"{lang}: translations that change placeholders: {wrong[:5]}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalog_plural_rules_are_the_languages_own(lang):
    from babel.messages.plurals import get_plural

    assert catalog(lang).num_plurals == get_plural(lang).num_plurals


@pytest.mark.parametrize(
    ("lang", "between"), [("en", "; "), ("fr", "\u00a0; "), ("zh", "；"), ("ar", "؛ "), ("ru", "; ")]
)
def test_names_that_hold_commas_are_separated_as_the_language_does(lang, between):
    names = ["SDG 9 Industry, innovation and infrastructure", "SDG 3 Good health and well-being"]
    with i18n.using(lang):
        assert i18n.items(names) == between.join(names)
        assert i18n.items([]) == ""


def test_the_language_of_a_run():
    assert i18n.current() == "en"
    with i18n.using("fr"):
        assert i18n.current() == "fr"
        assert i18n._("Language") != "Language"
        assert i18n.number(1234567) == "1\u202f234\u202f567"
        with i18n.using("ar"):
            assert i18n.is_rtl()
    assert i18n.current() == "en"
    assert i18n._("Language") == "Language"
    assert i18n.number(1234567) == "1,234,567" and i18n.percent(0.125) == "12%"
    with i18n.using("xx"):
        assert i18n.current() == "en", "an unknown language is English"


def test_arabic_and_russian_plural_forms_differ_by_count():
    # A plural message of the product, by its English forms.
    plural = next(m for m in extracted().values() if isinstance(m, tuple) and "{n}" in m[0])
    with i18n.using("ru"):
        forms = {i18n.ngettext(plural[0], plural[1], n) for n in (1, 3, 5)}
    assert len(forms) == 3
    with i18n.using("ar"):
        forms = {i18n.ngettext(plural[0], plural[1], n) for n in (0, 1, 2, 3, 11, 100)}
    assert len(forms) == 6


def test_no_message_is_built_from_translated_fragments():
    """Whole sentences only: a message that starts or ends mid-sentence is a fragment, unless
    it is a counted part of a sentence with several counts (each needs its own plural form),
    which its translator comment shows whole ("Translators: part of …")."""
    fragments = [
        msgid
        for _ctx, msgid, _message, comments in extraction()
        if (re.match(r"^\s|.*\s$", msgid) or re.match(r"^(and|or|of|in|with|by|for)\b", msgid))
        and not any(c.startswith("Translators: part of") for c in comments)
    ]
    assert not fragments, fragments[:10]


def test_no_message_hides_inside_an_f_string():
    """Babel's extractor does not read f-strings: `f"{_('Columns')}"` would never be translated."""
    hidden = []
    for path in [
        ROOT / "dashboard.py",
        *(ROOT / "app_pages").glob("*.py"),
        *(ROOT / "ict_response").rglob("*.py"),
    ]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"""\bf["'].*\{\s*(_|ngettext|pgettext|N_)\(\s*["']""", line):
                hidden.append(f"{path.relative_to(ROOT)}:{number}")
    assert not hidden, hidden


def _markdown_punctuation(c: str) -> bool:
    """CommonMark's Unicode punctuation: the P and S categories ("：" and "»" both are)."""
    return unicodedata.category(c)[0] in "PS"


def unbalanced_bold(text: str) -> list[int]:
    """Where a "**" of `text` cannot do its part by CommonMark's flanking rules: the first of a
    pair must be able to open, the second to close. A "**" closed after a punctuation mark
    and followed by a letter ("**ID：**C19") is shown as two asterisks, not bold."""
    filled = re.sub(r"\{[^}]*\}", "x", text)  # a placeholder: a value that starts with a letter
    runs = [m.start() for m in re.finditer(r"(?<!\*)\*\*(?!\*)", filled)]
    wrong = []
    for n, at in enumerate(runs):
        before = filled[at - 1] if at > 0 else " "
        after = filled[at + 2] if at + 2 < len(filled) else " "
        if n % 2 == 0:  # opens: left-flanking
            able = not after.isspace() and (
                not _markdown_punctuation(after) or before.isspace() or _markdown_punctuation(before)
            )
        else:  # closes: right-flanking
            able = not before.isspace() and (
                not _markdown_punctuation(before) or after.isspace() or _markdown_punctuation(after)
            )
        if not able:
            wrong.append(at)
    return wrong


def test_bold_marks_work_in_every_language():
    """Every message's "**…**" renders bold in every language (Chinese wrote "**来源：**{source}",
    which Markdown shows with its asterisks)."""
    problems = []
    for lang in TRANSLATED:
        for entry in catalog(lang):
            strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
            ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
            problems += [f"{lang}: {s!r}" for s in strings if s and "**" in s and unbalanced_bold(s)]
            problems += [f"en: {s!r}" for s in ids if s and "**" in s and unbalanced_bold(s)]
    assert not problems, f"{len(set(problems))}: " + "; ".join(sorted(set(problems))[:6])
    assert unbalanced_bold("**来源：**{source}") and not unbalanced_bold("**来源**：{source}")
