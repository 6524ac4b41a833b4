"""Why a topic was tagged, in the reader's language: the phrase a case's detail shows for each
row of queries/topic_evidence.sql (the title says “teleconsultation”; its Action Line
C7-EHEALTH (E-health); its words “qwerty”, weighed as in the cases readers labelled, as
Telemedicine)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from . import i18n, names
from .i18n import N_, _

# What each field of a case "says" (the field a rule's words were found in).
_FIELD_SAYS = {
    # Translators: {words} are the words of the case's title that tagged a topic, quoted.
    "title": N_("the title says {words}"),
    # Translators: {words} are the words of the case's description that tagged a topic, quoted.
    "description": N_("the description says {words}"),
    # Translators: {words} are the words of the case's keywords that tagged a topic, quoted.
    "keywords": N_("the keywords say {words}"),
    # Translators: {words} are the words of the case's organisation that tagged a topic, quoted.
    "organisation": N_("the organisation says {words}"),
}
# How the topic model's evidence names what a case declares ("Action Line C4", "SDG 3").
_CODES = ("Action Line ", "SDG ")


def why_tagged(row: Mapping[Hashable, object]) -> str:
    """One row of topic_evidence as a phrase in the run's language."""
    signal = row["signal"]
    if signal == "words":
        said = _(_FIELD_SAYS.get(str(row["field"]), _FIELD_SAYS["description"]))
        why = said.format(words=i18n.quoted(_text(row["words"])))
    elif signal == "action_line":
        code, english = str(row["matched"]), _text(row.get("action_line_name"))
        if english:
            # Translators: an Action Line the case declares, e.g. "its Action Line C7-EHEALTH (E-health)".
            name = names.action_line(code, english)
            why = _("its Action Line {code} ({name})").format(code=code, name=name)
        else:
            why = _("its Action Line {code}").format(code=code)
    elif signal == "model":
        why = _weighed(_text(row["words"]))
    else:
        # Translators: an SDG the case declares, e.g. "its SDG 3".
        why = _("its SDG {number}").format(number=row["matched"])
    via = _text(row.get("via_label"))
    if via:
        # Translators: {why} is why a narrower topic was tagged; {topic} that topic, which
        # tags its family too ("…, as Telemedicine").
        why = _("{why}, as {topic}").format(why=why, topic=names.word(via))
    return why


def _weighed(evidence: str) -> str:
    """The topic model's evidence ("Action Line C4, SDG 3, qwerty") as a phrase."""
    items = [item for item in evidence.split(", ") if item]
    codes = i18n.listed(_code(item) for item in items if item.startswith(_CODES))
    words = i18n.listed(i18n.quoted(item) for item in items if not item.startswith(_CODES))
    if codes and words:
        # Translators: {codes} are Action Lines and SDGs ("Action Line C4, SDG 3"), {words} words of the case.
        said = _("its {codes} and its words {words}").format(codes=codes, words=words)
    elif codes:
        said = _("its {codes}").format(codes=codes)
    elif words:
        said = _("its words {words}").format(words=words)
    else:
        # Translators: the topic model weighed everything a case says, with no word standing out.
        said = _("all it says")
    # Translators: {evidence} is what the topic model weighed, e.g. "its words “qwerty”".
    return _("{evidence}, weighed as in the cases readers labelled").format(evidence=said)


def _code(item: str) -> str:
    """An Action Line or SDG of the model's evidence in the run's language."""
    if item.startswith("SDG "):
        return _("SDG {number}").format(number=item.removeprefix("SDG "))
    # Translators: an Action Line by its code, e.g. "Action Line C4".
    return _("Action Line {code}").format(code=item.removeprefix("Action Line "))


def _text(value: object) -> str:
    """A text cell, "" where the query had none (pandas gives NaN or None)."""
    return value if isinstance(value, str) else ""
