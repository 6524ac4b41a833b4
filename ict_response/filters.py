"""One Filters value shared by the CLI (`--filter KEY=VALUE`), the URL query parameters of
the dashboard and the SQL parameters of every query.

Values are normalised with the same rules as the data (so `action_line=AL C7 E-health`
means C7-EHEALTH and `country=Viet Nam` means VNM). A value that cannot be understood is
dropped with a note for the user; it never reaches SQL as text to run, since every value
is bound as a parameter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from . import taxonomy as tx
from .ingest import normalise_date

# Query-parameter keys, in the order they are shown.
KEYS = (
    "action_line", "sdg", "region", "region_scheme", "country", "entity_type", "topic",
    "collection", "from", "to", "q",
)
MAX_VALUES = 50  # per key: more is a malformed URL, not a real selection
MAX_TEXT = 200


@dataclass(frozen=True)
class Filters:
    action_line: tuple[str, ...] = ()
    sdg: tuple[int, ...] = ()
    region: tuple[str, ...] = ()
    region_scheme: str = "itu"
    country: tuple[str, ...] = ()
    entity_type: tuple[str, ...] = ()
    topic: tuple[str, ...] = ()
    collection: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = ""
    notes: tuple[str, ...] = field(default=(), compare=False)

    # ------------------------------------------------------------------ parsing

    @classmethod
    def parse(cls, params: Mapping[str, str | Iterable[str]]) -> Filters:
        """From URL query parameters or CLI pairs. Unknown keys and values become notes."""
        values: dict[str, object] = {}
        notes: list[str] = []
        for key, raw in params.items():
            items = [raw] if isinstance(raw, str) else list(raw)
            if key not in KEYS:
                notes.append(f"Ignored unknown filter {key!r}.")
                continue
            if key == "q":
                text = " ".join(i.strip() for i in items if i.strip())
                if len(text) > MAX_TEXT:
                    notes.append(f"Search text cut to {MAX_TEXT} characters.")
                values["q"] = text[:MAX_TEXT]
                continue
            if key == "region_scheme":
                scheme = (items[-1] if items else "").strip().lower()
                if scheme in ("itu", "m49"):
                    values["region_scheme"] = scheme
                else:
                    notes.append(f"Ignored region_scheme {scheme!r}: use itu or m49.")
                continue
            if key in ("from", "to"):
                # One date, never split on commas ("April 15, 2020"); the last one given wins.
                split = [i.strip() for i in items if i.strip()]
                date = normalise_date(split[-1]) if split else None
                if date is None and split:
                    notes.append(f"Ignored {key}={split[-1]!r}: not a date (use YYYY-MM-DD).")
                values["date_from" if key == "from" else "date_to"] = date
                continue
            split = [v.strip() for i in items for v in _split_values(i, key) if v.strip()]
            if len(split) > MAX_VALUES:
                notes.append(f"Kept the first {MAX_VALUES} values of {key!r}.")
                split = split[:MAX_VALUES]
            kept = []
            for value in split:
                canonical = _canonical(key, value)
                if canonical is None:
                    notes.append(f"Ignored {key}={_shorten(value)!r}: not a known {_WHAT[key]}.")
                elif canonical not in kept:
                    kept.append(canonical)
            values[key] = tuple(kept)
        filters = cls(**values, notes=tuple(notes))
        # Region names depend on the scheme, so they are checked once both are known.
        allowed = set(tx.region_names(filters.region_scheme))
        bad = [r for r in filters.region if r not in allowed]
        if bad:
            extra = tuple(f"Ignored region={r!r}: not a {filters.region_scheme.upper()} region."
                          for r in bad)
            filters = replace(filters, region=tuple(r for r in filters.region if r in allowed),
                              notes=filters.notes + extra)
        return filters

    @classmethod
    def from_pairs(cls, pairs: Iterable[str]) -> Filters:
        """From CLI `KEY=VALUE` strings; a key may repeat."""
        grouped: dict[str, list[str]] = {}
        bad: list[str] = []
        for pair in pairs:
            key, sep, value = pair.partition("=")
            if not sep:
                bad.append(f"Ignored {pair!r}: write filters as KEY=VALUE.")
                continue
            grouped.setdefault(key.strip(), []).append(value)
        filters = cls.parse(grouped)
        return replace(filters, notes=tuple(bad) + filters.notes)

    # ------------------------------------------------------------------ output

    def to_query_params(self) -> dict[str, str]:
        """URL query parameters (comma-separated lists); defaults are left out."""
        out: dict[str, str] = {}
        for key in KEYS:
            value = self._value(key)
            if key == "region_scheme":
                if value != "itu":
                    out[key] = value
            elif isinstance(value, tuple):
                if value:
                    out[key] = ",".join(str(v) for v in value)
            elif isinstance(value, dt.date):
                out[key] = value.isoformat()
            elif value:
                out[key] = str(value)
        return out

    def to_sql_params(self) -> dict[str, object]:
        """Named parameters for the filtered_cases / filtered_sessions macros."""
        return {
            "action_line": list(self.action_line),
            "sdg": list(self.sdg),
            "region": list(self.region),
            "region_scheme": self.region_scheme,
            "country": list(self.country),
            "entity_type": list(self.entity_type),
            "topic": list(self.topic),
            "collection": list(self.collection),
            "date_from": self.date_from,
            "date_to": self.date_to,
            "q": self.q or None,
        }

    def is_empty(self) -> bool:
        """No filter set (notes do not count)."""
        return self == Filters()

    def describe(self) -> str:
        """The filters in words, for chart subtitles and briefing packs."""
        names = tx.action_line_names()
        parts = []
        if self.action_line:
            parts.append("Action Line " + ", ".join(f"{c} {names.get(c, '')}".strip()
                                                     for c in self.action_line))
        if self.sdg:
            parts.append("SDG " + ", ".join(str(s) for s in self.sdg))
        if self.region:
            scheme = "UN M49" if self.region_scheme == "m49" else "ITU"
            parts.append(f"{scheme} region " + ", ".join(self.region))
        if self.country:
            countries = tx.countries()
            parts.append(", ".join(countries[c].name if c in countries else c
                                   for c in self.country))
        if self.entity_type:
            parts.append(", ".join(self.entity_type))
        if self.topic:
            parts.append("topic " + ", ".join(self.topic))
        if self.collection:
            parts.append(", ".join(self.collection))
        if self.date_from or self.date_to:
            parts.append(f"from {self.date_from or '…'} to {self.date_to or '…'}")
        if self.q:
            parts.append(f'matching "{self.q}"')
        return "; ".join(parts) if parts else "All cases"

    def _value(self, key: str) -> object:
        return getattr(self, {"from": "date_from", "to": "date_to"}.get(key, key))


_WHAT = {
    "action_line": "WSIS Action Line", "sdg": "SDG (1-17)", "region": "region",
    "country": "country", "entity_type": "entity type", "topic": "topic",
    "collection": "collection",
}


def _split_values(raw: str, key: str) -> list[str]:
    """Comma-separated in URLs, except inside names with commas (Korea, Republic of)."""
    understands = {
        "action_line": tx.normalise_action_line,
        "sdg": tx.normalise_sdg,
        "country": tx.normalise_country,
        # Not entity_type: its normaliser finds a known word inside any text, so it would
        # read "Civil Society,Academia" as one value. No entity type has a comma.
    }.get(key, lambda v: None)
    return tx.split_multi(raw, understands)


def _canonical(key: str, value: str) -> object | None:
    if len(value) > MAX_TEXT:
        return None
    if key == "action_line":
        return tx.normalise_action_line(value)
    if key == "sdg":
        return tx.normalise_sdg(value)
    if key == "country":
        return tx.normalise_country(value)
    if key == "entity_type":
        return tx.normalise_entity_type(value)
    if key == "topic":
        return _topic_id(value)
    if key == "region":
        return _region_name(value)
    if key == "collection":
        return value
    return None


def _topic_id(value: str) -> str | None:
    from .topics import topic_labels

    key = tx.norm_key(value)
    for topic, label in topic_labels().items():
        if key in (tx.norm_key(topic), tx.norm_key(label)):
            return topic
    return None


def _region_name(value: str) -> str:
    """Canonical spelling when the region is known under either scheme; checked later."""
    key = tx.norm_key(value)
    for scheme in ("itu", "m49"):
        for name in tx.region_names(scheme):
            if tx.norm_key(name) == key:
                return name
    return value


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

