"""The data steward's section of the Data page: sign in, upload exports, preview exactly what
each would do, map unrecognised columns, publish (the same ingest as `ict-response ingest`)
and withdraw an import. Off unless `.streamlit/secrets.toml` holds `[steward] password_hash`.

The logic lives in ict_response.imports and ict_response.password; this module only draws."""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import streamlit as st
from streamlit.typing import UploadedFile

from .. import access, i18n, imports, limits, signin, throttle
from ..db import BuildReport, ImportSummary, Progress
from ..errors import UserError
from ..i18n import N_, _, ngettext, pgettext
from ..pages import KIND_DESCRIPTIONS
from ..password import check_password, secrets_help
from ..store import DEFAULT_WAIT_SECONDS, ImportStore, clean_name, is_sample, shown_name
from . import access as access_ui
from . import data, runs, uploads
from .markdown import literal

log = logging.getLogger(__name__)

UPLOAD_TYPES = ["csv", "tsv", "txt", "xlsx", "json", "jsonl", "ndjson"]
_SUFFIX = re.compile(r"\.[a-z0-9]{1,9}")
# The choice that maps a column to no field (it stays in the field "extra"): the value the
# mapping widgets keep, shown as _(KEEP_EXTRA).
KEEP_EXTRA = N_("(keep in extra)")
IDENTITY_HELP = N_(
    "Or let stewards sign in with the organisation's identity provider: see "
    "`.streamlit/secrets.example.toml` ([auth] and [roles] stewards)."
)
# How long a Publish or Withdraw waits for another writer of the database (a build from the
# command line, another steward) before saying who it is; the progress bar says it waits.
WAIT_SECONDS = DEFAULT_WAIT_SECONDS

# Session state keys.
NAME = "steward_name"
UPLOAD_ROUND = "steward_upload_round"
UPLOAD_DIR = "steward_upload_dir"
SAVED = "steward_saved_this_run"
FLASH = "steward_flash"
FLASH_WARNING = "steward_flash_warning"
PREVIEWS = "steward_previews"
UNTIL = "steward_signed_in_until"  # when this session's sign-in ends (unix seconds)
SIGNED_OUT = "steward_signed_out"  # the sign-in cookie sent when this session began no longer counts
COOKIE_SCRIPT = "steward_cookie_script"  # the cookie to write in the browser on the next run
EXPIRED = "steward_expired"

_T = TypeVar("_T")
# An upload, the private copy it was saved as, and its preview (None: the file is unusable).
Upload = tuple[UploadedFile, Path, imports.PreviewReport | None]


def password_hash() -> str | None:
    """The configured steward password hash, or None when the section is off."""
    try:
        section = st.secrets.get("steward")
    except (FileNotFoundError, KeyError):  # no secrets.toml at all
        return None
    if not section:
        return None
    value = section.get("password_hash")
    return str(value) if value else None


def cookie_secret() -> str | None:
    """`[steward] cookie_secret` from secrets.toml, or None (a key kept beside the database)."""
    try:
        value = (st.secrets.get("steward") or {}).get("cookie_secret")
    except (FileNotFoundError, KeyError):
        return None
    return str(value) if value else None


def _cookie_key(stored: str) -> bytes:
    return signin.signing_key(signin.server_secret(cookie_secret(), data.db_path()), stored)


def _browser_cookie() -> str | None:
    try:
        return st.context.cookies.get(signin.COOKIE_NAME)
    except Exception:  # no browser request behind this run (AppTest, bare mode)
        return None


def steward_name(stored: str | None = None) -> str | None:
    """Who the signed-in steward is, or None. The one place that answers it.

    With stewards named in `[roles]` and an identity provider in `[auth]`: the signed-in
    person's verified name and e-mail ("Amina Diallo <amina@example.org>") when their e-mail
    is a steward's, else None. Otherwise the shared password (`stored`: its hash): this
    session's sign-in while it lasts, else the browser's signed sign-in cookie (a reload starts
    a new session); a tampered or expired cookie is refused once, cleared, and nobody is
    signed in."""
    settings = access_ui.config()
    if settings.stewards_by_identity:
        person = access_ui.current_identity(settings)
        return person.recorded if person and access.is_steward(person, settings.stewards) else None
    if stored is None:
        stored = password_hash()
        if stored is None:
            return None
    name = st.session_state.get(NAME)
    if name and time.time() < st.session_state.get(UNTIL, 0):
        return str(name)
    if name:  # this session's sign-in has run its time
        _sign_out(expired=True)
        return None
    if st.session_state.get(SIGNED_OUT):
        return None
    verdict = signin.verify(_browser_cookie(), _cookie_key(stored))
    if verdict.name:
        st.session_state[NAME] = verdict.name
        st.session_state[UNTIL] = verdict.expires
        return verdict.name
    if verdict.refused:
        if verdict.refused != "expired":
            log.warning("A steward sign-in cookie was refused (%s)", verdict.refused)
        _sign_out(expired=verdict.refused == "expired")
    return None


def _sign_in_as(name: str, stored: str) -> None:
    value = signin.sign(name, _cookie_key(stored))
    st.session_state[NAME] = name
    st.session_state[UNTIL] = time.time() + signin.LIFETIME_SECONDS
    st.session_state[COOKIE_SCRIPT] = (value, signin.LIFETIME_SECONDS)
    st.session_state.pop(SIGNED_OUT, None)


def _sign_out(expired: bool = False) -> None:
    st.session_state.pop(NAME, None)
    st.session_state.pop(UNTIL, None)
    st.session_state[SIGNED_OUT] = True
    st.session_state[COOKIE_SCRIPT] = ("", 0)  # Max-Age 0: the browser deletes it
    if expired:
        st.session_state[EXPIRED] = True


def _write_cookie() -> None:
    """Set or clear the sign-in cookie in the browser (Streamlit has no server-side way):
    SameSite=Strict, Path=/, and Secure when the page is served over https."""
    pending = st.session_state.pop(COOKIE_SCRIPT, None)
    if pending is None:
        return
    value, max_age = pending
    st.html(
        "<script>(() => {"
        "const secure = location.protocol === 'https:' ? '; Secure' : '';"
        f"document.cookie = {json.dumps(signin.COOKIE_NAME + '=' + value)}"
        f" + '; Max-Age={int(max_age)}; Path=/; SameSite=Strict' + secure;"
        "})();</script>",
        unsafe_allow_javascript=True,
    )


def section() -> None:
    uploads.sweep_now_and_then()  # the uploads of sessions that have ended
    settings = access_ui.config()
    if settings.stewards_by_identity:
        # Stewards are people the identity provider vouches for: nobody else sees this section.
        name = steward_name()
        if not name:
            _clear_uploads()
            return
        st.subheader(_("Load a new export"))
        _flash()
        st.session_state[SAVED] = set()
        # Translators: {name} is the steward's name and e-mail, e.g. "Amina Diallo <amina@example.org>".
        vouched = _(
            "Signed in as **{name}**, as your organisation's sign-in vouches: imports you publish or "
            "withdraw are recorded under this name and e-mail. Sign out from the sidebar."
        )
        st.markdown(vouched.format(name=literal(name)))
        _steward_blocks(name)
        return
    st.subheader(_("Load a new export"))
    stored = password_hash()
    if stored is None:
        # Translators: {instructions} are the sentences saying how to set a password; {identity}
        # the sentence about signing in with the organisation's identity provider instead.
        off = _(
            "Loading exports from the browser is **off** for this deployment. To turn it on, give the "
            "data stewards a password: {instructions} {identity}"
        )
        st.info(off.format(instructions=secrets_help(), identity=_(IDENTITY_HELP)), icon=":material/lock:")
        return
    _flash()
    name = steward_name(stored)
    _write_cookie()
    if not name:
        if st.session_state.pop(EXPIRED, False):
            hours = signin.LIFETIME_SECONDS // 3600
            ended = ngettext(
                "Your steward sign-in ended after {hours} hour: sign in again.",
                "Your steward sign-in ended after {hours} hours: sign in again.",
                hours,
            )
            st.info(ended.format(hours=i18n.number(hours)), icon=":material/schedule:")
        _clear_uploads()
        _sign_in(stored)
        return
    st.session_state[SAVED] = set()
    left, right = st.columns([4, 1])
    hours = signin.LIFETIME_SECONDS // 3600
    # Translators: {name} is the name the steward typed when signing in.
    signed_in = ngettext(
        "Signed in as **{name}**: imports you publish or withdraw are recorded under this name. You "
        "stay signed in on this browser for {hours} hour, or until you sign out.",
        "Signed in as **{name}**: imports you publish or withdraw are recorded under this name. You "
        "stay signed in on this browser for {hours} hours, or until you sign out.",
        hours,
    )
    left.markdown(signed_in.format(name=literal(name), hours=i18n.number(hours)))
    if right.button(_("Sign out"), key="steward_sign_out"):
        _sign_out()
        st.rerun()
    _steward_blocks(name)


def _flash() -> None:
    """What the last Publish or Withdraw did (kept across its rerun)."""
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash, icon=":material/check_circle:")
    warning = st.session_state.pop(FLASH_WARNING, None)
    if warning:
        st.warning(literal(warning), icon=":material/warning:")


def _steward_blocks(name: str) -> None:
    """Upload and publish, withdraw, topic rules: what a signed-in steward `name` can do."""
    _uploads(name)
    _withdraw_block(name)
    from .steward_topics import block as topic_rules_block  # it draws with this module's helpers

    topic_rules_block(name)
    _clear_uploads(keep=st.session_state.pop(SAVED, set()))  # files no longer in an uploader


# --------------------------------------------------------------------------- sign in


def _sign_in(stored: str) -> None:
    st.caption(_("Data stewards sign in here to add exports to the dashboard or withdraw them."))
    with st.form("steward_sign_in", clear_on_submit=False):
        name = st.text_input(
            _("Your name (recorded with every import you publish)"), key="steward_name_input"
        )
        password = st.text_input(_("Steward password"), type="password", key="steward_password")
        submitted = st.form_submit_button(_("Sign in"))
    if not submitted:
        return
    if not name.strip():
        st.error(_("Give your name: it is recorded with every import you publish."))
        return
    # Wrong passwords from every session of this server (and its replicas) count together.
    guard = throttle.for_database(data.db_path())
    wait = guard.wait_seconds()
    if wait > 0:
        st.error(throttle.sentence(wait), icon=":material/timer:")
        return
    try:
        ok = check_password(password, stored)
    except UserError as e:
        st.error(literal(e))
        return
    if not ok:
        wait = guard.failed()
        wrong = _("Wrong password. Ask whoever runs the dashboard for the steward password.")
        st.error(wrong + (" " + throttle.sentence(wait) if wait else ""))
        return
    _sign_in_as(name.strip(), stored)
    st.rerun()


# --------------------------------------------------------------------------- upload, preview, publish


def _upload_dir() -> Path:
    """This session's upload folder (see ui/uploads.py: it goes when the session ends)."""
    folder = st.session_state.get(UPLOAD_DIR)
    if not isinstance(folder, uploads.SessionFolder):
        folder = st.session_state[UPLOAD_DIR] = uploads.SessionFolder()
    return folder.use()


def _clear_uploads(keep: set[str] | None = None) -> None:
    """Remove this session's uploaded files, all or those of the files not in `keep`."""
    folder = st.session_state.get(UPLOAD_DIR)
    if isinstance(folder, uploads.SessionFolder):
        if keep:
            folder.keep_only(keep)
        else:
            folder.remove()
            del st.session_state[UPLOAD_DIR]


def _saved(uploaded: UploadedFile) -> Path:
    """The upload written to a private temporary file. Not under its own name, which may be
    longer than the disk allows or hold path parts: as `upload` with its suffix (the
    reader goes by the bytes; the kept copy takes the suffix)."""
    st.session_state.setdefault(SAVED, set()).add(uploaded.file_id)
    suffix = Path(uploaded.name).suffix.lower()
    try:
        path = _upload_dir() / uploaded.file_id / ("upload" + (suffix if _SUFFIX.fullmatch(suffix) else ""))
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.write_bytes(uploaded.getvalue())
    except OSError as e:
        # Translators: follows "<file name> cannot be used:"; {reason} is the system's reason.
        unsaved = _("it could not be saved on the server ({reason}).")
        raise UserError(unsaved.format(reason=e.strerror or type(e).__name__)) from None
    return path


def _guess_kind(file_name: str) -> str:
    lower = file_name.lower()
    return "sessions" if any(w in lower for w in ("workshop", "session", "forum")) else "cases"


def _uploads(name: str) -> None:
    limit = st.get_option("server.maxUploadSize")
    round_ = st.session_state.setdefault(UPLOAD_ROUND, 0)
    # Translators: {limit} is a number of megabytes.
    label = _("Exports to add: CSV, Excel (.xlsx) or JSON, up to {limit} MB each")
    files = st.file_uploader(
        label.format(limit=i18n.number(limit)),
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key=f"steward_upload_{round_}",
        help=_("Nothing changes until you press Publish. Each file is previewed first."),
    )
    if not files:
        st.caption(_("Choose one or more exports. You will see what each would do before anything changes."))
        return
    previews: list[Upload] = []
    for uploaded in files:
        with st.container(border=True):
            previews.append(_one_file(uploaded))
    _publish(name, previews)


def _mapping_key(file_id: str, kind: str) -> str:
    return f"steward_mapping_{file_id}_{kind}"


def _preview(file_id: str, path: Path, file_name: str, kind: str) -> imports.PreviewReport:
    """The preview for this file, kind and mapping, computed once per combination, in a
    worker process with memory and time limits (so no upload can slow the readers)."""
    mapping = st.session_state.get(_mapping_key(file_id, kind))
    # The language too: a preview's headings, notes and refusals are written in it.
    cache_key = (
        "steward_preview",
        file_id,
        kind,
        json.dumps(mapping, sort_keys=True),
        data.db_version(),
        i18n.current(),
    )
    cache: dict[tuple[str, ...], imports.PreviewReport] = st.session_state.setdefault(PREVIEWS, {})
    if cache_key in cache:
        return cache[cache_key]
    with runs.waiting():  # in the worker process: other readers' runs go on meanwhile
        result = imports.preview_isolated(data.db_path(), kind, path, file_name=file_name, mapping=mapping)
    # The mapping applied (chosen or remembered) becomes this file's current mapping.
    st.session_state[_mapping_key(file_id, kind)] = result.mapping
    for stale in [k for k in cache if k[1] == file_id]:
        del cache[stale]  # one preview per file: the latest
    cache[cache_key] = result
    return result


def _one_file(uploaded: UploadedFile) -> Upload:
    shown = shown_name(uploaded.name)
    st.markdown(f"#### {literal(shown)}")
    kind = st.radio(
        _("This file holds"),
        list(KIND_DESCRIPTIONS),
        format_func=lambda k: _(KIND_DESCRIPTIONS[k]),
        horizontal=True,
        index=list(KIND_DESCRIPTIONS).index(_guess_kind(uploaded.name)),
        key=f"steward_kind_{uploaded.file_id}",
    )
    try:
        path = _saved(uploaded)
        pv = _preview(uploaded.file_id, path, uploaded.name, kind)
    except UserError as e:
        # Translators: {file} is an uploaded file's name; {problem} says why, e.g. "is not a table".
        unusable = _("{file} cannot be used: {problem}")
        st.error(
            literal(unusable.format(file=shown, problem=getattr(e, "problem", str(e)))),
            icon=":material/error:",
        )
        return uploaded, Path(), None
    except Exception as e:  # a bug, not the steward's doing: no traceback (server paths) shown
        log.exception("Preview of an upload failed")
        # Translators: {error} is the kind of error, e.g. "MemoryError".
        failed = _("{file} could not be previewed ({error}): the server log has the details.")
        st.error(literal(failed.format(file=shown, error=type(e).__name__)), icon=":material/error:")
        return uploaded, Path(), None
    if pv.already_imported:
        earlier = pv.already_imported
        if earlier.added_by:
            # Translators: {file} is a file's name, {added_at} when it was imported, {person} by whom.
            again = _(
                "This exact file was already imported ({file}, {added_at}, by {person}): publishing it "
                "again changes nothing."
            )
        else:
            again = _(
                "This exact file was already imported ({file}, {added_at}): publishing it again changes "
                "nothing."
            )
        shown_earlier = again.format(
            file=shown_name(earlier.file_name), added_at=earlier.added_at, person=earlier.added_by
        )
        st.info(literal(shown_earlier), icon=":material/content_copy:")
    counts = pv.counts
    cols = st.columns(5)
    cols[0].metric(_("Rows read"), i18n.number(counts["rows_read"]))
    cols[1].metric(_("Will load"), i18n.number(counts["rows_loaded"]))
    cols[2].metric(_("Will be rejected"), i18n.number(counts["rows_rejected"]))
    cols[3].metric(_("Warnings"), i18n.number(counts["warnings"]))
    cols[4].metric(
        _("Replaces existing"),
        i18n.number(counts["superseded"]),
        help=_(
            "Records now in the dashboard with the same id as a row of this file: the file's version "
            "replaces them."
        ),
    )
    if pv.remembered:
        st.caption(
            _("The columns mapped by hand for an earlier file with the same headers were applied again.")
        )
    for note in pv.notes:
        st.warning(literal(note), icon=":material/warning:")

    columns = _("Columns")
    st.markdown(f"**{columns}**")
    st.dataframe(pv.columns(), hide_index=True, width="stretch")
    _mapping_widgets(uploaded.file_id, kind, pv)

    # Translators: {shown} rows of {total} are shown below.
    first = _(
        "**First rows as they will be stored** ({shown} of {total}; lists are joined with ';', empty "
        "columns left out)"
    )
    shown_rows = min(imports.PREVIEW_ROWS, counts["rows_loaded"])
    st.markdown(first.format(shown=i18n.number(shown_rows), total=i18n.number(counts["rows_loaded"])))
    st.dataframe(pv.first_rows(), hide_index=True, width="stretch")
    if counts["rows_rejected"]:
        rejected = _("Rows that will be rejected ({count}) and why")
        with st.expander(rejected.format(count=i18n.number(counts["rows_rejected"]))):
            st.dataframe(pv.rejected(), hide_index=True, width="stretch")
            _shown_caption(counts["rows_rejected"])
    if counts["warnings"]:
        # Translators: {count} is a number of values.
        not_understood = _(
            "Values that will not be understood ({count}): the row loads, the value is kept in the warnings"
        )
        with st.expander(not_understood.format(count=i18n.number(counts["warnings"]))):
            st.dataframe(pv.warnings(), hide_index=True, width="stretch")
            _shown_caption(counts["warnings"])
    return uploaded, path, pv


def _shown_caption(count: int) -> None:
    if count > limits.MAX_SHOWN_ROWS:
        # Translators: the form follows {shown} (1,000), the rows shown of {total}.
        first = ngettext(
            "The first {shown} of {total} is shown; the Data page lists them once published.",
            "The first {shown} of {total} are shown; the Data page lists them once published.",
            limits.MAX_SHOWN_ROWS,
        )
        st.caption(first.format(shown=i18n.number(limits.MAX_SHOWN_ROWS), total=i18n.number(count)))


def _mapping_widgets(file_id: str, kind: str, pv: imports.PreviewReport) -> None:
    """A choice of field for each column not recognised (or mapped by hand)."""
    headers = pv.headers
    editable = [h for h in headers if h in pv.unmapped or h in pv.mapping]
    if not editable:
        return
    st.markdown(
        _(
            "**Map unrecognised columns by hand** (remembered for the next file with the same headers "
            "once this one is published)"
        )
    )
    taken = {f for f in pv.mapped_fields if f not in pv.mapping.values()}
    free = [f for f in imports.fields_of(kind) if f not in taken]
    cols = st.columns(min(len(editable), 3))
    for i, header in enumerate(editable):
        current = pv.mapping.get(header)
        options = [KEEP_EXTRA] + [f for f in free if f == current or f not in pv.mapping.values()]
        # Translators: {column} is a column's name in an uploaded file; the choices are field names.
        stored_as = _("“{column}” is stored as")
        cols[i % len(cols)].selectbox(
            stored_as.format(column=literal(header)),
            options,
            index=options.index(current) if current else 0,
            format_func=lambda option: _(KEEP_EXTRA) if option == KEEP_EXTRA else option,
            key=f"steward_map_{file_id}_{kind}_{headers.index(header)}",
            on_change=_set_mapping,
            args=(file_id, kind, headers, header),
        )


def _set_mapping(file_id: str, kind: str, headers: list[str], header: str) -> None:
    choice = st.session_state[f"steward_map_{file_id}_{kind}_{headers.index(header)}"]
    mapping = dict(st.session_state.get(_mapping_key(file_id, kind)) or {})
    if choice == KEEP_EXTRA:
        mapping.pop(header, None)
    else:
        mapping[header] = choice
    # Only kept for this upload: remembered for the next file with the same headers when
    # this one is published (a change of mind before then leaves no trace).
    st.session_state[_mapping_key(file_id, kind)] = mapping


def _publish(name: str, previews: list[Upload]) -> None:
    unusable = [shown_name(u.name) for u, __, pv in previews if pv is None]
    new = [(u, path, pv) for u, path, pv in previews if pv is not None and not pv.already_imported]
    if unusable:
        # Translators: {files} are the names of uploaded files that cannot be used.
        remove = ngettext(
            "Remove {files} from the list (or fix it) before publishing.",
            "Remove {files} from the list (or fix it) before publishing.",
            len(unusable),
        )
        st.warning(literal(remove.format(files=", ".join(unusable))))
    label = ngettext("Publish {count} file", "Publish {count} files", len(new)).format(
        count=i18n.number(len(new))
    )
    st.caption(
        _(
            "Publishing keeps a copy of each file, rebuilds the database from every kept import and swaps "
            "it in at once: everyone sees the new data on their next click."
        )
    )
    # Said before anything changes: the first real export of a kind replaces its sample.
    replaced = imports.sample_to_replace(data.db_path(), [(pv.kind, path) for __, path, pv in new])
    keep_sample = False
    if replaced:
        st.warning(literal(imports.replacement_notice(replaced, None)))
        keep_sample = st.checkbox(_keep_sample_label({e.kind for e in replaced}), key="steward_keep_sample")
    if not st.button(label, type="primary", disabled=bool(unusable or not new), key="steward_publish"):
        return
    # The mapping each file is published with (or its absence) is remembered for its headers.
    files = [
        imports.NewFile(pv.kind, path, file_name=u.name, mapping=pv.mapping or None, remember=True)
        for u, path, pv in new
    ]
    result = _rebuild(
        Wording(
            _("Publishing…"),
            _("Published"),
            _("Nothing was published"),
            # Translators: {error} is the kind of error, e.g. "MemoryError".
            _("Publishing failed ({error}); the dashboard is unchanged. The server log has the details."),
            "Publishing",
        ),
        # In a worker process with limits: a publish cannot take the readers' memory or CPU.
        lambda progress: imports.publish_isolated(
            data.db_path(),
            files,
            added_by=name,
            command=f"a Publish on the Data page by {name}",
            wait=WAIT_SECONDS,
            keep_sample=keep_sample,
            progress=progress,
        ),
    )
    if result is None:
        return
    st.session_state[FLASH] = _published_message(result, new)
    if result.notes:
        st.session_state[FLASH_WARNING] = " ".join(result.notes)
    st.session_state[UPLOAD_ROUND] = st.session_state.get(UPLOAD_ROUND, 0) + 1
    _clear_uploads()
    st.session_state.pop(PREVIEWS, None)
    st.rerun()


def _keep_sample_label(kinds: set[str]) -> str:
    if kinds == {"cases"}:
        return _("Keep the sample cases beside the real data")
    if kinds == {"sessions"}:
        return _("Keep the sample sessions beside the real data")
    if kinds == {"cases", "sessions"}:
        return _("Keep the sample cases and sessions beside the real data")
    return f"Keep the sample {' and '.join(sorted(kinds))} beside the real data"  # no other kind has one


@dataclass(frozen=True)
class Wording:
    """What the status box of a publish, withdraw or apply says, whole sentences each: while it
    runs ("Publishing…"), once done ("Published"), when nothing changed ("Nothing was
    published"), on a bug (`failed`, with {error}); `log` names the work in the server log."""

    running: str
    done: str
    nothing: str
    failed: str
    log: str


def _rebuild(wording: Wording, run: Callable[[Progress], _T]) -> _T | None:
    """Run a publish or withdraw (`run(progress)`) inside a status box with a progress bar.
    Returns its result, or None after saying in one sentence why nothing changed."""
    with st.status(wording.running, expanded=True) as status:
        # Translators: the first words of a progress bar, before the first step is reported.
        bar = st.progress(0.0, text=_("starting"))
        try:
            with runs.waiting():  # in the worker process: other readers' runs go on meanwhile
                result = run(lambda step, f: bar.progress(min(max(f, 0.0), 1.0), text=step))
        except UserError as e:
            status.update(label=wording.nothing, state="error")
            # Translators: {problem} is one or more sentences saying why nothing changed.
            unchanged = _("{problem} The dashboard is unchanged.")
            st.error(literal(unchanged.format(problem=e)))
            return None
        except Exception as e:  # a bug, not the steward's doing: say so in one sentence
            log.exception("%s failed", wording.log)
            status.update(label=wording.nothing, state="error")
            st.error(wording.failed.format(error=type(e).__name__))
            return None
        status.update(label=wording.done, state="complete")
    return result


def kind_word(kind: str) -> str:
    """The kind of records a file holds, as a word in a sentence: "cases", "sessions"."""
    if kind == "cases":
        return pgettext("kind of records", "cases")
    if kind == "sessions":
        return pgettext("kind of records", "sessions")
    return kind


def count_of(kind: str, count: int) -> str:
    """'1 case', '2,000 sessions', '12 ITU COVID-19 initiatives'."""
    n = i18n.number(count)
    if kind == "cases":
        return ngettext("{count} case", "{count} cases", count).format(count=n)
    if kind == "sessions":
        return ngettext("{count} session", "{count} sessions", count).format(count=n)
    return ngettext("{count} ITU COVID-19 initiative", "{count} ITU COVID-19 initiatives", count).format(
        count=n
    )


def _published_message(
    result: imports.IngestResult, new: list[tuple[UploadedFile, Path, imports.PreviewReport]]
) -> str:
    """What a Publish did, file by file. A file may turn out to be imported already (the same
    file twice in one upload, or another steward published it meanwhile): said, not lost."""
    unchanged = ""
    if result.unchanged:
        # Translators: {files} are the names of files, e.g. "cases.csv, more.csv".
        already = _("Already imported, so unchanged: {files}.")
        unchanged = " " + already.format(files=", ".join(literal(shown_name(n)) for n in result.unchanged))
    report = result.report
    if report is None:
        return _("Nothing new was published.") + unchanged
    by_id = {i["import_id"]: i for i in report.imports}
    superseded = {clean_name(u.name): pv.superseded for u, __, pv in new}
    parts = []
    for entry in result.added:
        i: ImportSummary | dict[str, int] = by_id.get(entry.import_id, {})
        loaded, rejected, warnings = i.get("rows_loaded", 0), i.get("rows_rejected", 0), i.get("warnings", 0)
        replaced_records = superseded.get(entry.file_name, 0)
        # Translators: what publishing one file did: "**cases.csv** (cases): 5 rows loaded, 1 rejected,
        # 2 warnings, 1 existing record replaced". {kind} is "cases" or "sessions".
        part = _("**{file}** ({kind}): {loaded}, {rejected}, {warnings}, {replaced}")
        parts.append(
            part.format(
                file=literal(shown_name(entry.file_name)),
                kind=kind_word(entry.kind),
                loaded=ngettext("{count} row loaded", "{count} rows loaded", loaded).format(
                    count=i18n.number(loaded)
                ),
                # Translators: rows of a file that were rejected.
                rejected=ngettext("{count} rejected", "{count} rejected", rejected).format(
                    count=i18n.number(rejected)
                ),
                warnings=ngettext("{count} warning", "{count} warnings", warnings).format(
                    count=i18n.number(warnings)
                ),
                replaced=ngettext(
                    "{count} existing record replaced", "{count} existing records replaced", replaced_records
                ).format(count=i18n.number(replaced_records)),
            )
        )
    shipped = ""
    if result.replaced:
        # Translators: {files} are the sample's files and their kinds, e.g. "cases.csv (cases)".
        sample = _("Replaced the shipped sample: {files}.")
        files = ", ".join(f"{literal(e.file_name)} ({kind_word(e.kind)})" for e in result.replaced)
        shipped = " " + sample.format(files=files)
    # Translators: {files} says what publishing each file did, separated by semicolons.
    published = _("Published. {files}.").format(files="; ".join(parts))
    return published + " " + _holds(report) + shipped + unchanged


def _holds(report: BuildReport) -> str:
    """What the dashboard holds, in a sentence."""
    cases, sessions = count_of("cases", report.cases.records), count_of("sessions", report.sessions.records)
    if report.shipped.records:
        # Translators: e.g. "The dashboard now holds 1,200 cases (and 30 ITU COVID-19 initiatives) and
        # 260 sessions."
        holds = _("The dashboard now holds {cases} (and {initiatives}) and {sessions}.")
        return holds.format(
            cases=cases, initiatives=count_of("initiatives", report.shipped.records), sessions=sessions
        )
    return _("The dashboard now holds {cases} and {sessions}.").format(cases=cases, sessions=sessions)


# --------------------------------------------------------------------------- withdraw


def _withdraw_block(name: str) -> None:
    withdraw = _("Withdraw an import")
    st.markdown(f"#### {withdraw}")
    entries = ImportStore(data.db_path()).entries()
    if not entries:
        st.caption(_("There are no kept imports."))
        return
    st.caption(
        _(
            "Withdrawing removes one import from the kept imports, **deletes the kept copy of its file** and "
            "rebuilds the dashboard without its rows (records it had replaced come back). The file on your "
            "computer is untouched: publish it again to undo. The shipped sample of a kind is replaced by "
            "the first real export of that kind (unless kept), and can be withdrawn here too. ITU's "
            "COVID-19 initiatives are real data shipped with the dashboard and part of every build."
        )
    )
    by_id = {e.import_id: e for e in entries}

    def label(import_id: str) -> str:
        e = by_id[import_id]
        if is_sample(e) and e.added_by:
            # Translators: one kept import: its file, the kind of records ("cases", "sessions"), when
            # it was added ({added_at}) and by whom ({person}).
            text = _("{file} (sample data): {kind}, added {added_at} by {person}")
        elif is_sample(e):
            text = _("{file} (sample data): {kind}, added {added_at}")
        elif e.added_by:
            # Translators: one kept import: its file, the kind of records ("cases", "sessions"), when
            # it was added ({added_at}) and by whom ({person}).
            text = _("{file}: {kind}, added {added_at} by {person}")
        else:
            text = _("{file}: {kind}, added {added_at}")
        return text.format(
            file=shown_name(e.file_name), kind=kind_word(e.kind), added_at=e.added_at, person=e.added_by
        )

    chosen = st.selectbox(
        _("Import to withdraw"),
        list(by_id),
        index=None,
        format_func=label,
        placeholder=_("Choose an import"),
        key="steward_withdraw_choice",
    )
    if not chosen:
        return
    entry = by_id[chosen]
    confirm = _("Yes, withdraw {file} and delete its kept copy")
    confirmed = st.checkbox(
        confirm.format(file=literal(shown_name(entry.file_name))), key=f"steward_withdraw_confirm_{chosen}"
    )
    # Translators: a button: withdraw the chosen import.
    if not st.button(_("Withdraw"), disabled=not confirmed, key="steward_withdraw"):
        return
    done = _rebuild(
        Wording(
            # Translators: {file} is the name of the file being withdrawn.
            _("Withdrawing {file}…").format(file=shown_name(entry.file_name)),
            _("Withdrawn"),
            _("Nothing was withdrawn"),
            _("Withdrawing failed ({error}); the dashboard is unchanged. The server log has the details."),
            f"Withdrawing {shown_name(entry.file_name)}",
        ),
        lambda progress: imports.withdraw_isolated(
            data.db_path(),
            chosen,
            command=f"a Withdraw on the Data page by {name}",
            wait=WAIT_SECONDS,
            progress=progress,
        ),
    )
    if done is None:
        return
    gone, report = done
    # Translators: {file} is the file withdrawn, {kind} "cases" or "sessions"; {holds} is a sentence
    # saying what the dashboard now holds.
    withdrew = _("Withdrew **{file}** ({kind}). {holds}")
    st.session_state[FLASH] = withdrew.format(
        file=literal(shown_name(gone.file_name)), kind=kind_word(gone.kind), holds=_holds(report)
    )
    st.session_state.pop("steward_withdraw_choice", None)
    st.rerun()
