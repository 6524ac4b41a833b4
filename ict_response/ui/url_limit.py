"""Links Streamlit will not read. Streamlit ignores a whole query string of more than 1,000
parameters or 512 Ki characters, without a word, so the page would show unfiltered figures
under a URL that looks filtered. `install` wraps Streamlit's check so that such a query
string reaches the page as one marker parameter, which the sidebar turns into a note.

Streamlit offers no hook for this: the wrap replaces `sanitize_query_string` where the
session calls it (tests/test_hostile_links.py fails if a Streamlit upgrade moves it)."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.runtime import app_session
from streamlit.runtime.state import query_params as streamlit_query_params

from .. import i18n
from ..i18n import _

DROPPED = "_dropped"  # not a filter key: `_dropped=PARAMETERS,CHARACTERS`


def install() -> bool:
    """Wrap Streamlit's check once per server process (the first page run does it); True
    when this call did it."""
    original: Callable[[str], str] = getattr(app_session, "sanitize_query_string")  # noqa: B009
    if getattr(original, "marks_dropped", False):
        return False

    def sanitize(query_string: str) -> str:
        kept = original(query_string)
        if query_string and not kept:
            return f"{DROPPED}={query_string.count('&') + 1},{len(query_string)}"
        return kept

    sanitize.marks_dropped = True  # type: ignore[attr-defined]
    setattr(app_session, "sanitize_query_string", sanitize)  # noqa: B010
    return True


# The first page run of a server process was checked before `install` ran: if the browser's
# URL holds more than Streamlit reads, this reloads the page once, into a checked run.
_FIELDS = streamlit_query_params.CLIENT_STATE_QUERY_STRING_MAX_FIELDS
_LENGTH = streamlit_query_params.CLIENT_STATE_QUERY_STRING_MAX_LENGTH
RELOAD_IF_DROPPED = f"""<script>
const query = location.search.slice(1);
if (query.split("&").length > {_FIELDS} || query.length > {_LENGTH}) location.reload();
</script>"""


def note(marker: str) -> str:
    """What the sidebar says for a marker (whatever a crafted link puts in it)."""
    counts = [int(p) for p in marker.split(",") if p.isdigit() and len(p) < 10]
    limits = {"max_parameters": i18n.number(_FIELDS), "max_kibi": i18n.number(_LENGTH // 1024)}
    if len(counts) == 2:
        # Translators: {parameters} and {characters} count the link's; {max_parameters} and
        # {max_kibi} are what Streamlit reads at most (1,000 parameters, 512 Ki characters).
        sentence = _(
            "This link's filters were too long to read ({parameters} parameters, {characters} characters), "
            "past the limit of {max_parameters} parameters and {max_kibi} Ki characters: "
            "all of them were ignored and no filter is applied. Choose the filters here instead."
        )
        return sentence.format(parameters=i18n.number(counts[0]), characters=i18n.number(counts[1]), **limits)
    # Translators: {max_parameters} and {max_kibi} are what Streamlit reads at most (1,000
    # parameters, 512 Ki characters).
    sentence = _(
        "This link's filters were too long to read, past the limit of {max_parameters} parameters "
        "and {max_kibi} Ki characters: all of them were ignored and no filter is applied. "
        "Choose the filters here instead."
    )
    return sentence.format(**limits)
