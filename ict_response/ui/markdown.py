"""Text from data or from a URL shown where Streamlit reads Markdown (headings, notes):
escaped so that it shows as the characters it is, never as a link, markup, colour or maths."""

from __future__ import annotations

import re

_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")
# What GitHub-style autolinks start from: "http://", "https://", "www." and the "@" of an
# address. They are found in the text after escapes are read, so escaping cannot stop them;
# an invisible WORD JOINER (U+2060) inside the trigger does.
_AUTOLINK = re.compile(r"(?i)(https?)(?=:)|(www)(?=\.)|(?=@)")
WORD_JOINER = "\u2060"
# Runs of white space that make one line one space: not the no-break spaces (U+00A0, U+2007,
# U+202F) a language writes inside its punctuation (French « mot », « 3 % »).
_BREAKING_SPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")


def literal(text: object) -> str:
    """`text` as Markdown that renders as exactly that text, on one line (plus invisible
    word joiners that keep "https://..." or "a@b.org" from becoming links)."""
    one_line = _BREAKING_SPACE.sub(" ", str(text)).strip()
    unlinked = _AUTOLINK.sub(lambda m: (m.group(1) or m.group(2) or "") + WORD_JOINER, one_line)
    # Numeric references rather than backslashes: the same effect, for any punctuation.
    return _PUNCTUATION.sub(lambda m: f"&#{ord(m.group())};", unlinked)
