"""Generator of plainly SYNTHETIC, deliberately messy exports (demo data and benchmark input).

``generate()`` writes ``cases.csv`` (shaped like the WSIS Stocktaking "COVID-19 Response - ICT
Case Repository" export) and ``sessions.csv`` (shaped like the WSIS Forum 2021 session list).
Organisations, e-mail addresses and websites are fictional (example.org/.com/.net hosts).
Random choices are numpy index arrays; strings are composed from small pools with Arrow compute
kernels and written by a small vectorised CSV writer, so a million cases take seconds.
Output bytes depend only on (cases, sessions, seed).

What the importer can rely on:

* cases.csv: UTF-8 with BOM, ``,``-delimited, minimal quoting (``"`` doubled), CRLF row ends;
  quoted cells may contain LF line breaks. sessions.csv: UTF-8, ``;``-delimited, LF row ends.
* Read every column as text with ``keep_default_na=False`` (Namibia's ISO2 code is ``NA``,
  dates include Excel serials, the COVID flag includes ``1``/``0``).
* A multi-valued cell (countries, action lines, SDGs) uses ONE separator: ``"; "``, ``", "``,
  ``" | "`` or a line break. Values containing a comma only occur in cells holding at least two
  values separated by ``;``, ``|`` or line breaks: split on line break / ``;`` / ``|`` if the
  cell has one, else on ``,``.
* A Project ID repeated later in the file is an updated record that supersedes the earlier one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pycountry

from . import taxonomy as tx

DEFAULT_SEED = 2021

CASE_COLUMNS = [
    "Project ID",
    "Project Title",
    "Organization",
    "Type of entity",
    "Country/Territory",
    "WSIS Action Line(s)",
    "SDGs",
    "Summary",
    "Start date",
    "End date",
    "Status",
    "Date submitted",
    "Website",
    "Collection",
    "Contact email",
]
SESSION_COLUMNS = [
    "Session ID",
    "Session title",
    "Organisers",
    "Date",
    "Session type",
    "COVID related",
    "Forum",
    "WSIS Action Lines",
    "SDGs",
    "Description",
    "Link",
]

# The vocabulary comes from the reference data; the messiness is added below.
ACTION_LINES = {a.code: a.name for a in tx.action_lines() if not a.parent}
C7_SUBLINES = [a.name for a in tx.action_lines() if a.parent == "C7"]
SDG_NAMES = {s.number: s.name for s in tx.sdgs()}
SCOPE_WORDS = [
    "Global",
    "Worldwide",
    "International",
    "Africa",
    "Latin America",
    "Asia-Pacific",
    "Europe",
    "Arab States",
    "Regional",
]
COUNTRY_VARIANTS = {  # alpha_2 -> spellings seen in real exports, besides pycountry's own
    "CI": ["Côte d'Ivoire", "Cote d'Ivoire", "Ivory Coast"],
    "TR": ["Türkiye", "Turkey"],
    "VN": ["Viet Nam", "Vietnam"],
    "RU": ["Russian Federation", "Russia"],
    "KR": ["Republic of Korea", "Korea, Republic of", "South Korea"],
    "LA": ["Lao PDR"],
    "TZ": ["United Republic of Tanzania"],
    "CD": ["Democratic Republic of the Congo", "DR Congo"],
    "US": ["USA", "United States of America"],
    "GB": ["UK"],
}
UNKNOWN_COUNTRY, INVALID_ACTION_LINES, INVALID_SDG = "Atlantis", ("C12", "AL C12"), "SDG 18"
COLLECTION = "WSIS Stocktaking COVID-19"
FORUM = "WSIS Forum 2021"
ITU_ANCHORS = {
    "Africa": "KE",
    "Americas": "BR",
    "Arab States": "EG",
    "Asia-Pacific": "IN",
    "CIS": "KZ",
    "Europe": "DE",
}  # one country per ITU region, always present

_V = 24  # columns of a variant table: spelling weights are approximated by repetition
_SEPS = ["; ", ", ", " | ", "\n"]
_COMMA = 1
_CHUNK = 200_000  # rows per CSV write batch
_COUNTRY_BOOST = {
    "IN": 30,
    "US": 14,
    "KE": 18,
    "NG": 12,
    "BR": 12,
    "GB": 10,
    "CN": 10,
    "SA": 10,
    "EG": 9,
    "AE": 8,
    "ID": 8,
    "RU": 7,
    "BD": 7,
    "ZA": 7,
    "MX": 7,
    "PH": 6,
    "PK": 6,
    "KR": 6,
    "DE": 6,
    "FR": 6,
    "CH": 6,
    "RW": 6,
    "GH": 6,
    "CO": 6,
    "JP": 5,
    "ES": 5,
    "IT": 5,
    "UG": 5,
    "TZ": 5,
    "AR": 5,
    "CA": 5,
    "TN": 5,
    "MA": 5,
    "TR": 5,
    "VN": 5,
    "TH": 5,
    "MY": 5,
    "KZ": 4,
    "UZ": 4,
    "ET": 4,
    "CI": 4,
    "SN": 4,
    "PE": 4,
    "CL": 4,
    "JO": 4,
    "OM": 4,
    "QA": 4,
    "LK": 4,
    "AU": 4,
    "PL": 4,
    "AZ": 3,
    "CM": 3,
    "CD": 3,
    "BH": 3,
    "LB": 3,
    "NP": 3,
    "PT": 3,
    "UA": 3,
    "KG": 2,
    "BY": 2,
    "AM": 2,
    "SD": 2,
    "LA": 2,
    "MD": 2,
    "TJ": 2,
}
_COUNTRY_RARE = {"AQ", "BV", "HM", "TF", "UM", "IO", "GS", "PN", "CX", "CC", "NF", "SJ", "TK"}
_THE = {
    "US",
    "GB",
    "AE",
    "PH",
    "NL",
    "RU",
    "CD",
    "CG",
    "DO",
    "CF",
    "GM",
    "BS",
    "KM",
    "MV",
    "MH",
    "SB",
    "KY",
    "VA",
    "FM",
    "LA",
    "TZ",
    "KR",
    "KP",
    "SY",
    "IR",
}

# Topics: (weight, title things, purposes "for ...", goals "to ...", facts, workshop theme).
# A fact is (text before a number, text after it); after=None means a sentence without number.
_Topic = tuple[float, list[str], list[str], list[str], list[tuple[str, str | None]], str]
_TOPICS: list[_Topic] = [
    (
        12,
        [
            "broadband expansion programme",
            "community Wi-Fi network",
            "free internet access scheme",
            "last-mile connectivity project",
            "zero-rated internet access package",
            "satellite broadband link",
            "mobile data subsidy for connectivity",
        ],
        [
            "households without internet access",
            "rural connectivity",
            "affordable broadband",
            "connecting schools and clinics",
        ],
        [
            "extend internet access to underserved households",
            "keep rural communities connected during lockdowns",
            "expand broadband capacity as traffic surged",
        ],
        [
            ("The operator expanded broadband capacity and connected ", " new households."),
            ("Free internet access was provided to ", " students and health workers."),
            ("Temporary spectrum was assigned to ease congestion, as internet traffic rose sharply.", None),
        ],
        "Connectivity for all",
    ),
    (
        14,
        [
            "telemedicine platform",
            "telehealth hotline",
            "remote consultation service",
            "virtual clinic for telemedicine",
            "telehealth triage chatbot",
        ],
        [
            "remote consultations with doctors",
            "continuity of care",
            "patients with chronic conditions",
            "telehealth in primary care",
        ],
        [
            "offer remote consultations to patients in isolation",
            "reduce pressure on hospitals through telehealth triage",
            "connect rural clinics to specialists via telemedicine",
        ],
        [
            ("Doctors held more than ", " remote consultations by video and phone."),
            ('Patients called the telehealth service "as good as a visit", according to a survey.', None),
            ("Around ", " patients with chronic conditions were followed up by telemedicine."),
        ],
        "Telehealth at scale",
    ),
    (
        14,
        [
            "online learning portal",
            "distance learning programme",
            "remote learning platform",
            "educational TV and radio service for distance learning",
            "e-learning app",
        ],
        [
            "students during school closures",
            "continuity of education",
            "teacher training online",
            "remote learning at home",
        ],
        [
            "keep students learning while schools were closed",
            "deliver distance learning by radio, TV and online",
            "train teachers to teach online",
        ],
        [
            ("The online learning portal reached ", " learners, teachers and parents."),
            ("Lessons were broadcast on radio and TV for students without internet access.", None),
            ("Teachers recorded ", " video lessons for remote learning."),
        ],
        "Remote learning",
    ),
    (
        10,
        [
            "digital public services portal",
            "e-government one-stop shop",
            "online permit system",
            "digital ID and e-signature service",
            "e-government service for social benefits",
        ],
        [
            "contactless public services",
            "social benefit applications",
            "digital public services for citizens",
        ],
        ["move essential public services online", "let citizens apply for relief payments online"],
        [
            ("", " applications for emergency support were processed through the e-government portal."),
            ('A "digital first" policy made online public services the default.', None),
        ],
        "Digital public services",
    ),
    (
        8,
        [
            "contact tracing app",
            "exposure notification app",
            "QR code check-in system for contact tracing",
            "digital contact tracing tool",
        ],
        ["contact tracing", "exposure notification", "faster contact tracing by health authorities"],
        ["notify people of possible exposure to COVID-19", "speed up contact tracing"],
        [
            ("The exposure notification app was downloaded ", " times."),
            (
                "The contact tracing app was designed with privacy by default, storing data on the phone.",
                None,
            ),
        ],
        "Contact tracing apps and privacy",
    ),
    (
        6,
        [
            "fact-checking network",
            "infodemic management platform",
            "misinformation monitoring service",
            "verified information chatbot against misinformation",
        ],
        ["countering misinformation", "fact-checking health claims", "managing the infodemic"],
        ["counter COVID-19 misinformation and rumours", "manage the infodemic with verified information"],
        [
            ("Fact-checkers reviewed ", " claims about the virus and vaccines."),
            ('Rumours such as "5G spreads the virus" were debunked in local languages, with partners.', None),
        ],
        "Fighting the infodemic",
    ),
    (
        6,
        [
            "mobile money transfer scheme",
            "digital payments platform",
            "contactless payment service",
            "cash transfer programme via mobile money",
        ],
        ["emergency cash transfers", "small traders and digital payments", "unbanked households"],
        [
            "deliver emergency cash transfers through mobile money",
            "reduce cash handling with digital payments",
        ],
        [
            ("Mobile money fees were waived for ", " users."),
            ("Digital payments grew by ", " transactions a month during lockdown."),
        ],
        "Mobile money and digital payments",
    ),
    (
        6,
        [
            "teleworking toolkit",
            "remote work platform",
            "virtual office service",
            "secure video-conferencing service for remote work",
        ],
        ["civil servants working from home", "business continuity", "teleworking staff"],
        ["enable remote work for staff during lockdowns", "support teleworking in public administration"],
        [
            ("", " employees switched to teleworking within two weeks."),
            ("Guidelines on remote work, including rest and data protection, were published.", None),
        ],
        "The future of remote work",
    ),
    (
        4,
        [
            "cybersecurity awareness campaign",
            "phishing alert service",
            "CERT incident response hotline",
            "cyber hygiene training",
        ],
        ["protecting hospitals from ransomware", "phishing awareness", "safer online services"],
        ["warn users about COVID-19 phishing scams", "protect health systems against cyberattacks"],
        [
            ("The national CERT handled ", " reports of phishing and fraud."),
            ('Users were told: "never click on links promising free vaccines".', None),
        ],
        "Cybersecurity in a crisis",
    ),
    (
        4,
        [
            "emergency telecommunications network",
            "early warning SMS system",
            "cell broadcast alert system",
            "emergency hotline",
        ],
        ["public health alerts", "disaster preparedness", "emergency telecommunications"],
        ["send early warning and public health alerts by SMS", "keep emergency telecommunications running"],
        [
            ("Early warning messages reached ", " subscribers by SMS and cell broadcast."),
            ("Emergency telecommunications kits were deployed to field hospitals.", None),
        ],
        "Emergency telecommunications",
    ),
    (
        6,
        [
            "digital skills programme",
            "digital inclusion initiative",
            "accessible information service for persons with disabilities",
            "digital literacy training for older persons",
            "sign language video service",
        ],
        ["persons with disabilities", "women and girls", "older persons learning digital skills"],
        [
            "build digital skills of people left offline",
            "make COVID-19 information accessible to persons with disabilities",
        ],
        [
            ("", " women and young people completed digital skills training."),
            ("All materials were produced in accessible formats, including sign language.", None),
        ],
        "Digital inclusion and skills",
    ),
    (
        5,
        [
            "e-commerce marketplace",
            "online marketplace for SMEs",
            "digital storefront programme",
            "delivery platform for local shops",
        ],
        ["small businesses (SMEs)", "farmers and local producers", "e-commerce for SMEs"],
        ["help SMEs sell online during lockdowns", "connect farmers to buyers through e-commerce"],
        [
            ("", " SMEs opened an online shop on the e-commerce marketplace."),
            ("Sales through the e-commerce platform grew by ", " orders in the first month."),
        ],
        "E-commerce for SMEs",
    ),
    (
        8,
        [
            "COVID-19 data dashboard",
            "AI-based triage tool",
            "open data platform",
            "mobility data analytics service",
            "machine learning forecasting model",
        ],
        ["evidence-based decisions", "forecasting hospital demand", "open data on COVID-19"],
        ["publish daily case data on an open dashboard", "forecast hospital demand with AI and big data"],
        [
            ("The dashboard was viewed ", " times by the public and decision makers."),
            ("An AI model forecast ICU demand, using anonymised data.", None),
        ],
        "Data and AI for decision making",
    ),
]
# Action-line items: 0..10 = C1..C11, 11..18 = C7 sub-lines in C7_SUBLINES order.
_AL_BASE = [3, 10, 6, 9, 3, 3, 4, 1.5, 0.8, 0.8, 3, 5, 3, 10, 12, 2, 1, 1.2, 0.6]
_AL_TOPIC = [
    [1, 2, 5],
    [14, 1],
    [13, 3, 2],
    [11, 0],
    [14, 4, 9],
    [8, 2, 9],
    [12, 5],
    [15, 12],
    [4],
    [1, 16, 10],
    [3, 2, 7],
    [12, 17],
    [18, 6, 9],
]
_SDG_BASE = [2, 1.5, 10, 9, 3, 1, 1, 5, 8, 5, 2, 0.8, 1, 0.4, 0.4, 3, 6]
_AL_SDG = {
    0: [16],
    1: [9],
    2: [10],
    3: [4],
    4: [16],
    5: [9, 17],
    6: [9],
    7: [10],
    8: [9, 16],
    9: [16],
    10: [17],
    11: [16],
    12: [8],
    13: [4],
    14: [3],
    15: [8],
    16: [13],
    17: [2],
    18: [9],
}
_NUMBERS = [
    "40",
    "250",
    "500",
    "1,200",
    "3,500",
    "5,600",
    "7,800",
    "12,000",
    "25,000",
    "48,000",
    "90,000",
    "150,000",
    "600,000",
    "1.3 million",
    "2 million",
]
_PLACES = [
    "rural areas",
    "remote communities",
    "informal settlements",
    "small island states",
    "secondary cities",
    "the capital region",
    "border districts",
    "refugee settlements",
]
_ADJECTIVES = [
    "National",
    "Community",
    "Rapid",
    "Open",
    "Free",
    "Inclusive",
    "Low-cost",
    "Scalable",
    "Emergency",
    "Resilient",
    "Integrated",
    "Mobile-first",
    "Pilot",
    "Citywide",
    "Rural",
]
_CLOSINGS = [
    "The initiative was delivered with local partners, including community groups.",
    'It is now part of the "build back better" recovery plan.',
    "Results were shared with regulators and other stakeholders.",
    "The project is being scaled up to other regions.",
    "An evaluation is planned for 2022.",
]
_FICT = [
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Tailspin",
    "Wingtip",
    "Litware",
    "Proseware",
    "Woodgrove",
    "Adatum",
    "Lamna",
    "Example",
    "Sample",
    "Demo",
]
_FPLACES = ["Examplia", "Sampleland", "Fictonia", "Mockovia", "Placeholder Bay", "Testville"]
# Per category: government, private, civil society, academia, intl, other.
_ENTITY_SPELLINGS: list[list[tuple[str, float]]] = [
    [("Government", 11), ("government", 3), ("Public sector", 3), ("Ministry", 3)],
    [("Private Sector", 9), ("private sector", 3), ("Company", 4), ("Business", 4)],
    [("Civil Society", 10), ("NGO", 6), ("Non-governmental organization", 4)],
    [("Academia", 10), ("University", 6), ("Research institution", 4)],
    [("International Organization", 10), ("UN agency", 5), ("Intergovernmental organization", 5)],
    [("Other", 1)],
]
_ENTITY_P = [0.32, 0.2, 0.2, 0.1, 0.12, 0.06]
_DATE_FORMAT_P = [45, 18, 7, 10, 8, 12]  # ISO, d/m/Y, d.m.Y, Month Y, Excel serial, datetime
_SESSION_TYPES = [
    ("Thematic Workshop", 40),
    ("Country Workshop", 12),
    ("WSIS TalkX", 10),
    ("High-Level Policy Session", 12),
    ("Interactive session", 8),
    ("Facilitation Meeting", 8),
    ("Special Track", 6),
    ("Hackathon", 2),
    ("Prizes ceremony", 2),
]
_SESSION_PREFIX = [
    "",
    "",
    "WSIS TalkX: ",
    "High-Level Policy Session: ",
    "",
    "",
    "",
    "WSIS Hackathon: ",
    "WSIS Prizes 2021 ceremony: ",
]
_OTHER_THEMES = [
    "ICTs for the SDGs",
    "Gender equality in the digital economy",
    "Smart cities and sustainable communities",
    "Digital transformation of agriculture",
    "Ethics of artificial intelligence",
    "Local content and multilingualism",
    "Space technologies for development",
    "Blockchain for trade",
    "E-waste and the circular economy",
    "Measuring the information society",
    "Youth and digital entrepreneurship",
    "Cybersecurity capacity building",
    "Broadband for all",
    "Open science and research networks",
    "Media freedom in the digital age",
    "Accessibility standards",
    "Digital skills for the workforce",
    "Climate action with ICTs",
]
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DAY0 = dt.date(2019, 1, 1)
_DAY_END = dt.date(2024, 12, 31)
_EXCEL0 = dt.date(1899, 12, 30)


def generate(
    out_dir: Path, cases: int = 500, sessions: int = 260, seed: int = DEFAULT_SEED
) -> dict[str, Path]:
    """Write cases.csv and sessions.csv into out_dir (created if missing); return {"cases": path, "sessions": path}."""  # noqa: E501
    if cases < 0 or sessions < 0:
        raise ValueError("cases and sessions must be >= 0")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng_cases, rng_sessions = _rngs(seed)
    paths = {"cases": out_dir / "cases.csv", "sessions": out_dir / "sessions.csv"}
    _write_csv(paths["cases"], CASE_COLUMNS, _case_columns(cases, rng_cases), sep=",", eol="\r\n", bom=True)
    _write_csv(
        paths["sessions"],
        SESSION_COLUMNS,
        _session_columns(sessions, rng_sessions),
        sep=";",
        eol="\n",
        bom=False,
    )
    return paths


def _rngs(seed: int) -> tuple[np.random.Generator, np.random.Generator]:
    """Independent generators for the two files (sessions do not depend on the case count)."""
    a, b = np.random.SeedSequence(seed).spawn(2)
    return np.random.default_rng(a), np.random.default_rng(b)


# ----------------------------------------------------------------------------- string helpers
def _arr(values: Iterable[str]) -> pa.Array:
    return pa.array(list(values), type=pa.string())


def _cat(*parts: pa.Array | str) -> pa.Array:
    """Element-wise concatenation of string arrays and str scalars."""
    return pc.binary_join_element_wise(*parts, "")


def _where(mask: np.ndarray, a: pa.Array | str, b: pa.Array | str) -> pa.Array:
    return pc.if_else(pa.array(mask, type=pa.bool_()), a, b)


def _scatter(base: pa.Array, rows: np.ndarray, values: pa.Array) -> pa.Array:
    """Copy of base with base[rows] = values."""
    if len(rows) == 0:
        return base
    idx = np.arange(len(base))
    idx[rows] = len(base) + np.arange(len(rows))
    return pa.concat_arrays([base, values]).take(idx)


def _by_case(case: np.ndarray, n_cases: int, build: Callable[[int, np.ndarray], pa.Array]) -> pa.Array:
    """Assemble a column whose rows of case c are built by build(c, rows)."""
    pieces, order = [], []
    for c in range(n_cases):
        rows = np.flatnonzero(case == c)
        if len(rows):
            pieces.append(build(c, rows))
            order.append(rows)
    if not pieces:
        return pa.array([], type=pa.string())
    inverse = np.empty(len(case), dtype=np.int64)
    inverse[np.concatenate(order)] = np.arange(len(case))
    return pa.concat_arrays(pieces).take(inverse)


def _table(variants: list[list[tuple[str, float]]]) -> list[str]:
    """Flat (entity, _V) table: a uniform column draw picks a spelling with ~its weight."""
    out: list[str] = []
    for vs in variants:
        w = np.array([x[1] for x in vs], dtype=float)
        share = w / w.sum() * _V
        c = np.maximum(1, np.floor(share)).astype(int)
        while c.sum() > _V:
            c[np.argmax(c)] -= 1
        while c.sum() < _V:
            c[np.argmax(share - c)] += 1
        out += [s for (s, _), k in zip(vs, c, strict=True) for _ in range(k)]
    return out


def _no_comma(
    variants: list[list[tuple[str, float]]], fallback: Callable[[int], str]
) -> list[list[tuple[str, float]]]:
    return [[v for v in vs if "," not in v[0]] or [(fallback(i), 1.0)] for i, vs in enumerate(variants)]


class _Groups:
    """Strings in groups; index(g) draws one index into .values from group g[i] per row."""

    def __init__(self, groups: list[list[str]]):
        self.strings = [s for g in groups for s in g]
        self.values = _arr(self.strings)
        self.size = np.array([len(g) for g in groups])
        self.offset = np.concatenate([[0], np.cumsum(self.size)[:-1]])

    def index(self, rng: np.random.Generator, g: np.ndarray, skew: float = 1.0) -> np.ndarray:
        u = rng.random(len(g)) ** skew
        picked: np.ndarray = self.offset[g] + (u * self.size[g]).astype(np.int64)
        return picked


# ----------------------------------------------------------------------------- random helpers
def _choice(rng: np.random.Generator, weights: Iterable[float], n: int) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return rng.choice(len(p), n, p=p / p.sum())


def _exact(rng: np.random.Generator, n: int, frac: float, allowed: np.ndarray | None = None) -> np.ndarray:
    """Sorted indices of round(frac * n) distinct rows drawn from `allowed` (default: all)."""
    pool = np.arange(n) if allowed is None else np.flatnonzero(allowed)
    k = min(len(pool), int(round(frac * n)))
    return np.sort(rng.choice(pool, k, replace=False)) if k else np.zeros(0, dtype=np.int64)


def _topk(rng: np.random.Generator, logw: np.ndarray, k: int) -> np.ndarray:
    """k distinct weighted items per row, most likely first (Gumbel top-k)."""
    keys = logw + rng.gumbel(size=logw.shape).astype(np.float32)
    top = np.argpartition(-keys, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(keys, top, axis=1), axis=1)
    return np.take_along_axis(top, order, axis=1)


def _distinct(rng: np.random.Generator, idx: np.ndarray, draw: Callable[[int], np.ndarray]) -> np.ndarray:
    """Redraw idx[:, j] until it differs from idx[:, :j] in every row (in place)."""
    for j in range(1, idx.shape[1]):
        for _ in range(100):
            dup = (idx[:, j, None] == idx[:, :j]).any(axis=1)
            if not dup.any():
                break
            idx[dup, j] = draw(int(dup.sum()))
    return idx


def _render_items(
    rng: np.random.Generator,
    items: np.ndarray,
    k: np.ndarray,
    variants: list[list[tuple[str, float]]],
    fallback: Callable[[int], str],
    sep_p: list[float],
) -> tuple[pa.Array, np.ndarray]:
    """Cells of k[i] items of row i in mixed notations; comma spellings only when safe."""
    n, width = items.shape
    pool = _arr(_table(variants) + _table(_no_comma(variants, fallback)))
    seps = _arr(_SEPS)
    sep_i = _choice(rng, sep_p, n)
    comma_ok = (k >= 2) & (sep_i != _COMMA)
    flat = (items + np.where(comma_ok, 0, len(variants))[:, None]) * _V + rng.integers(
        0, _V, size=items.shape
    )

    def build(c: int, rows: np.ndarray) -> pa.Array:
        parts = [pool.take(flat[rows, 0])]
        for j in range(1, c + 1):
            parts += [seps.take(sep_i[rows]), pool.take(flat[rows, j])]
        return parts[0] if c == 0 else _cat(*parts)

    return _by_case(k - 1, width, build), sep_i


def _append(cells: pa.Array, sep_i: np.ndarray, rows: np.ndarray, values: pa.Array) -> pa.Array:
    return _scatter(cells, rows, _cat(cells.take(rows), _arr(_SEPS).take(sep_i[rows]), values))


# ----------------------------------------------------------------------------- pools
def _day(d: dt.date) -> int:
    return (d - _DAY0).days


def _date_pool() -> pa.Array:
    """Flat (day since _DAY0, format) pool, formats as in _DATE_FORMAT_P."""
    out = []
    for i in range(_day(_DAY_END) + 1):
        d = _DAY0 + dt.timedelta(days=i)
        iso = d.isoformat()
        out += [
            iso,
            d.strftime("%d/%m/%Y"),
            d.strftime("%d.%m.%Y"),
            f"{_MONTHS[d.month - 1]} {d.year}",
            str((d - _EXCEL0).days),
            iso + " 00:00:00",
        ]
    return _arr(out)


def _countries() -> tuple[list[str], np.ndarray, list[list[tuple[str, float]]], list[str], list[str]]:
    """alpha_2 codes, draw probabilities, variant lists, comma-free display names."""
    recs = list(pycountry.countries)
    alpha2 = [c.alpha_2 for c in recs]
    w = np.random.default_rng(7).lognormal(0.0, 1.0, len(recs)) * 0.4  # fixed country mix
    for i, a in enumerate(alpha2):
        if a in _COUNTRY_BOOST:
            w[i] = _COUNTRY_BOOST[a]
        elif a in _COUNTRY_RARE:
            w[i] = 0.02
    variants, display = [], []
    for c in recs:
        common, official = getattr(c, "common_name", None), getattr(c, "official_name", None)
        vs = [(c.name, 12.0)]
        if common:
            vs.append((common, 3.0))
        if official and official != c.name:
            vs.append((official, 2.0))
        vs += [(c.alpha_2, 1.0), (c.alpha_3, 1.0)]
        for extra in COUNTRY_VARIANTS.get(c.alpha_2, []):
            if extra not in {v[0] for v in vs}:
                vs.append((extra, 4.0))
        variants.append(vs)
        name = next(x for x in (common, c.name, official, c.alpha_3) if x and "," not in x)
        display.append(("the " if c.alpha_2 in _THE else "") + name)
    return alpha2, w / w.sum(), variants, [r.alpha_3 for r in recs], display


def _action_line_variants() -> list[list[tuple[str, float]]]:
    variants: list[list[tuple[str, float]]] = []
    for code, name in ACTION_LINES.items():
        variants.append(
            [
                (code, 8),
                (f"c {code[1:]}", 1),
                (f"AL {code}", 2),
                (f"Action Line {code}", 2),
                (f"{code}. {name}", 3),
                (name, 2),
            ]
        )
    for sub in C7_SUBLINES:
        word = sub[2:].capitalize()
        variants.append(
            [(sub, 6), (f"AL C7 {sub}", 2), (f"C7 E-{word}", 2), (f"e{word}", 3), (f"C7: {sub}", 2)]
        )
    return variants


def _sdg_variants() -> list[list[tuple[str, float]]]:
    return [
        [
            (str(g), 4),
            (f"SDG {g}", 6),
            (f"SDG{g}", 2),
            (f"Goal {g}", 2),
            (f"Goal {g}: {name}", 2),
            (f"#{g}", 1),
            (name, 2),
        ]
        for g, name in SDG_NAMES.items()
    ]


def _org_pools() -> list[list[str]]:
    """Fictional organisations per entity category (gov, private, civil, academia, intl, other)."""
    gov = [
        f"Ministry of {x} (sample)"
        for x in [
            "Digital Affairs",
            "Health",
            "Education",
            "ICT and Innovation",
            "Communications",
            "Public Service",
            "Economy and Trade",
            "Social Protection",
        ]
    ]
    gov += [
        f"National {y} Agency of {p}"
        for y in ["Telecommunications", "Digital Health", "eGovernment", "Cybersecurity", "Statistics"]
        for p in _FPLACES
    ]
    gov += [f"{p} Regulatory Authority for Communications" for p in _FPLACES]
    gov += [f"City of {p} Digital Office" for p in _FPLACES]
    private = [
        f"{f} {s}"
        for f in _FICT
        for s in [
            "Telecom Ltd",
            "Payments plc",
            "Health Tech Inc.",
            "Cloud Services LLC",
            "Mobile Money S.A.",
            "Learning Systems GmbH",
            "Networks, Inc.",
            "Data Labs",
        ]
    ]
    civil = [
        f"{f} {s}"
        for f in _FICT
        for s in [
            "Health Trust",
            "Foundation",
            "Digital Rights Network",
            "Community Radio Association",
            "Literacy Alliance",
            "Youth Coding Club",
        ]
    ]
    civil += [f"Friends of {p} (fictional NGO)" for p in _FPLACES]
    academia = [f"University of {p}" for p in _FPLACES]
    academia += [f"{f} {s}" for f in _FICT for s in ["Institute of Technology", "School of Public Health"]]
    academia += [f"{p} Research Centre for Digital Development" for p in _FPLACES]
    intl = [
        "International Union of Examples",
        "Regional Example Development Bank",
        "United Examples Programme for Digital Development",
        "Sample Intergovernmental Commission on Health Data",
        "Organisation of Example States",
        "Example Regional Telecommunications Union",
        "Sample Development Fund",
        "International Example Health Alliance",
        "Global Sample Partnership for Connectivity",
        "Intergovernmental Example Forum on Digital Policy",
    ]
    intl += [f"{p} Regional Cooperation Council (fictional)" for p in _FPLACES]
    other = [f"{f} Innovation Hub" for f in _FICT]
    other += [f"{f} Multi-stakeholder Partnership" for f in _FICT]
    other += [f"{p} Chamber of Commerce (sample)" for p in _FPLACES]
    prng = np.random.default_rng(11)  # fixed shuffle: the skewed draw favours arbitrary orgs
    return [[g[i] for i in prng.permutation(len(g))] for g in (gov, private, civil, academia, intl, other)]


def _al_log_weights() -> np.ndarray:
    """(topics + 1, items) log weights of action-line items; the last row is topic-free."""
    w = np.tile(np.array(_AL_BASE, dtype=np.float32), (len(_TOPICS) + 1, 1))
    for t, items in enumerate(_AL_TOPIC):
        w[t, items] *= 8.0
    return np.log(w)


def _lines_and_sdgs(
    rng: np.random.Generator, topic: np.ndarray, k_al_p: list[float], k_sdg_p: list[float]
) -> tuple[pa.Array, pa.Array]:
    """Action-line cells (correlated with topic) and SDG cells (correlated with action lines)."""
    n = len(topic)
    k_al = _choice(rng, k_al_p, n) + 1
    k_sdg = _choice(rng, k_sdg_p, n) + 1
    al_items = _topk(rng, _al_log_weights()[topic], 4)
    chosen = np.zeros((n, len(_AL_BASE)), dtype=np.float32)
    np.put_along_axis(chosen, al_items, (np.arange(4) < k_al[:, None]).astype(np.float32), 1)
    link = np.zeros((len(_AL_BASE), 17), dtype=np.float32)
    for item, goals in _AL_SDG.items():
        link[item, [g - 1 for g in goals]] = 1.0
    sdg_w = np.array(_SDG_BASE, dtype=np.float32) + 12.0 * (chosen @ link)
    sdg_items = _topk(rng, np.log(sdg_w), 4)
    al, al_sep = _render_items(
        rng, al_items, k_al, _action_line_variants(), lambda i: list(ACTION_LINES)[i], [0.45, 0.3, 0.12, 0.13]
    )
    sdg, sdg_sep = _render_items(
        rng, sdg_items, k_sdg, _sdg_variants(), lambda i: f"SDG {i + 1}", [0.45, 0.32, 0.1, 0.13]
    )
    bad = _exact(rng, n, 0.003)
    al = _append(al, al_sep, bad, _arr(INVALID_ACTION_LINES).take(rng.integers(0, 2, len(bad))))
    bad = _exact(rng, n, 0.003)
    sdg = _append(sdg, sdg_sep, bad, pa.array([INVALID_SDG] * len(bad), type=pa.string()))
    return al, sdg


def _facts(extra: list[str]) -> tuple[pa.Array, pa.Array, np.ndarray, np.ndarray, np.ndarray]:
    """Fact pools: before, after, has-number flag, per-topic offset and size (extra = no number)."""
    facts = [f for t in _TOPICS for f in t[4]] + [(s, None) for s in extra]
    size = np.array([len(t[4]) for t in _TOPICS])
    offset = np.concatenate([[0], np.cumsum(size)[:-1]])
    has_num = np.array([after is not None for _, after in facts])
    return (_arr(b for b, _ in facts), _arr(a or "" for _, a in facts), has_num, offset, size)


# ----------------------------------------------------------------------------- cases
def _case_columns(n: int, rng: np.random.Generator) -> list[pa.Array]:
    if n == 0:
        return [pa.array([], type=pa.string()) for _ in CASE_COLUMNS]
    rows_all = np.arange(n)

    # --- who: entity type, organisation (ITU's own initiatives are real data, shipped
    # apart in data/collections/: the sample invents none)
    cat = _choice(rng, _ENTITY_P, n)
    ent = rng.integers(0, _V, n)
    entity = _arr(_table(_ENTITY_SPELLINGS)).take(cat * _V + ent)
    orgs = _Groups(_org_pools())
    org_i = orgs.index(rng, cat, skew=1.5)
    org_pool = _arr(orgs.strings)

    # --- where
    alpha2, cp, c_variants, alpha3, display = _countries()
    kind = _choice(rng, [0.75, 0.10, 0.15], n)  # 0 one country, 1 two or three, 2 scope word
    cidx = rng.choice(len(alpha2), size=(n, 3), p=cp)
    if n >= len(ITU_ANCHORS):
        anchor_rows = rng.choice(n, len(ITU_ANCHORS), replace=False)
        kind[anchor_rows] = 0
        cidx[anchor_rows, 0] = [alpha2.index(a) for a in ITU_ANCHORS.values()]
    _distinct(rng, cidx, lambda k: rng.choice(len(alpha2), k, p=cp))
    kc = np.where(kind == 1, rng.integers(2, 4, n), 1)
    country, csep = _render_items(rng, cidx, kc, c_variants, lambda i: alpha3[i], [0.4, 0.3, 0.1, 0.2])
    scope_rows = np.flatnonzero(kind == 2)
    country = _scatter(
        country,
        scope_rows,
        _arr(SCOPE_WORDS).take(_choice(rng, [40, 8, 8, 12, 7, 8, 6, 6, 5], len(scope_rows))),
    )
    atl = _exact(rng, n, 0.003, kind != 2)
    atl_multi = atl[kc[atl] > 1]
    atl_single = atl[kc[atl] == 1]
    unknown = pa.array([UNKNOWN_COUNTRY] * len(atl), type=pa.string())
    country = _append(country, csep, atl_multi, unknown[: len(atl_multi)])
    country = _scatter(country, atl_single, unknown[: len(atl_single)])

    # --- what: topic, title, summary
    topic = _choice(rng, [t[0] for t in _TOPICS], n)
    things = _Groups([t[1] for t in _TOPICS])
    thing_i = things.index(rng, topic)
    purpose_g = _Groups([t[2] for t in _TOPICS])
    purpose_i = purpose_g.index(rng, topic)
    goal_g = _Groups([t[3] for t in _TOPICS])
    goal_i = goal_g.index(rng, topic)
    place_pool = _arr(_PLACES + display)
    place_i = np.where(
        (kind == 2) | (rng.random(n) < 0.35), rng.integers(0, len(_PLACES), n), len(_PLACES) + cidx[:, 0]
    )
    adj_i = rng.integers(0, len(_ADJECTIVES), n)
    adj, purposes = _arr(_ADJECTIVES), purpose_g.values
    thing_cap = _arr(s[:1].upper() + s[1:] for s in things.strings)

    def title_of(t: int, r: np.ndarray) -> pa.Array:
        a, th, pu, pl = (
            adj.take(adj_i[r]),
            things.values.take(thing_i[r]),
            purposes.take(purpose_i[r]),
            place_pool.take(place_i[r]),
        )
        if t == 0:
            return _cat(a, " ", th, " for ", pu, " in ", pl)
        if t == 1:
            return _cat(a, " ", th, " in ", pl)
        if t == 2:
            return _cat(thing_cap.take(thing_i[r]), " for ", pu, " during the COVID-19 pandemic")
        if t == 3:
            return _cat("COVID-19: ", th, " for ", pu)
        return _cat(a, " ", th, " (", pl, ")")

    title = _by_case(_choice(rng, [40, 20, 15, 15, 10], n), 5, title_of)

    a_thing = _arr(("an " if s[0] in "aeiou" else "a ") + s for s in things.strings)
    s1 = _cat(
        org_pool.take(org_i),
        " ",
        _arr(["launched", "set up", "scaled up", "piloted", "rolled out"]).take(rng.integers(0, 5, n)),
        " ",
        a_thing.take(thing_i),
        " to ",
        goal_g.values.take(goal_i),
        " ",
        _arr(
            [
                "during the COVID-19 pandemic",
                "in response to COVID-19",
                "after the first lockdown",
                "during the pandemic",
                "as part of its COVID-19 response",
                "in 2020",
            ]
        ).take(rng.integers(0, 6, n)),
        ".",
    )
    before, after, has_num, f_off, f_size = _facts(_CLOSINGS)
    numbers = _arr(_NUMBERS + [""])

    def fact(fi: np.ndarray) -> pa.Array:
        num_i = np.where(has_num[fi], rng.integers(0, len(_NUMBERS), len(fi)), len(_NUMBERS))
        return _cat(before.take(fi), numbers.take(num_i), after.take(fi))

    s2 = fact(f_off[topic] + (rng.random(n) * f_size[topic]).astype(np.int64))
    topic2 = _choice(rng, [t[0] for t in _TOPICS], n)
    s3_i = np.where(
        rng.random(n) < 0.4,
        f_off[topic2] + (rng.random(n) * f_size[topic2]).astype(np.int64),
        len(has_num) - len(_CLOSINGS) + rng.integers(0, len(_CLOSINGS), n),
    )
    s3 = fact(s3_i)
    n_sent = _choice(rng, [25, 45, 30], n) + 1
    br = np.zeros(n, dtype=bool)
    br[_exact(rng, n, 0.03)] = True  # an embedded line break between sentences 1 and 2
    n_sent[br] = np.maximum(n_sent[br], 2)

    def summary_of(c: int, r: np.ndarray) -> pa.Array:
        sentences, line_break = c % 3, c >= 3
        if sentences == 0:
            return s1.take(r)
        parts = [s1.take(r), "\n" if line_break else " ", s2.take(r)]
        if sentences == 2:
            parts += [" ", s3.take(r)]
        return _cat(*parts)

    summary = _by_case((n_sent - 1) + 3 * br, 6, summary_of)

    # --- when and status, as day numbers (formatted after the updates)
    d_lo, d_hi = _day(dt.date(2020, 3, 1)), _day(dt.date(2021, 12, 31))
    start = np.where(
        rng.random(n) < 0.5,
        rng.integers(d_lo, _day(dt.date(2020, 7, 31)) + 1, n),
        rng.integers(d_lo, d_hi + 1, n),
    )
    odd = rng.random(n) < 0.05
    start[odd] = rng.integers(_day(dt.date(2019, 6, 1)), _day(dt.date(2022, 6, 30)) + 1, int(odd.sum()))
    end = np.where(rng.random(n) < 0.4, -1, start + rng.integers(30, 721, n))
    sub_lo, sub_hi = _day(dt.date(2020, 4, 1)), _day(dt.date(2022, 6, 30))
    submitted = np.clip(start + rng.integers(0, 241, n), sub_lo, sub_hi)
    status = np.where(
        end < 0,
        np.where(rng.random(n) < 0.85, 0, 2),  # Ongoing/Completed/Planned
        np.where((end <= submitted) | (rng.random(n) < 0.7), 1, 0),
    )

    # --- updated records: a later row repeats an earlier ID with edited title and status
    upd_rows = _exact(rng, n, 0.005, rows_all >= max(1, n // 20))
    upd = np.zeros(n, dtype=bool)
    upd[upd_rows] = True
    base_rows = np.flatnonzero(~upd)
    src = base_rows[(rng.random(len(upd_rows)) * np.searchsorted(base_rows, upd_rows)).astype(np.int64)]
    gather = rows_all.copy()
    gather[upd_rows] = src
    start = start[gather]
    end = end[gather]
    submitted[src] = np.minimum(submitted[src], sub_hi - 30)
    submitted[upd_rows] = np.minimum(submitted[src] + rng.integers(14, 366, len(src)), sub_hi)
    status[upd_rows] = np.where(status[src] == 2, 0, 1)
    fill = upd_rows[(status[upd_rows] == 1) & (end[upd_rows] < 0)]
    end[fill] = start[fill] + rng.integers(60, 401, len(fill))
    title = title.take(gather)
    title = _scatter(
        title,
        upd_rows,
        _cat(
            title.take(upd_rows),
            _arr([" (updated)", " - phase 2", " (extended)", ": scale-up", " (revised)"]).take(
                rng.integers(0, 5, len(upd_rows))
            ),
        ),
    )
    empty = _exact(rng, n, 0.005, ~upd & ~np.isin(rows_all, src))
    title = _scatter(title, empty, pa.array([""] * len(empty), type=pa.string()))

    # --- identifiers and formatting
    row_id = np.empty(n, dtype=np.int64)
    row_id[~upd] = np.cumsum(rng.integers(1, 3, n - len(upd_rows)))
    row_id = row_id[gather]
    width = max(6, len(str(int(row_id.max()))))
    digits = pc.utf8_lpad(pa.array(row_id).cast(pa.string()), width, padding="0")
    dates = _date_pool()
    fmt = _choice(rng, _DATE_FORMAT_P, n)
    fmt_end = np.where(rng.random(n) < 0.75, fmt, _choice(rng, _DATE_FORMAT_P, n))
    start_s = dates.take(start * 6 + fmt)
    end_s = _where(end < 0, "", dates.take(np.maximum(end, 0) * 6 + fmt_end))
    sub_s = dates.take(submitted * 6 + np.where(rng.random(n) < 0.7, 0, 1))
    status_s = _arr(
        _table([[(s, 15), (s.lower(), 3), (s.upper(), 2)] for s in ("Ongoing", "Completed", "Planned")])
    ).take(status * _V + rng.integers(0, _V, n))
    website = _where(
        rng.random(n) < 0.12,
        "",
        _cat(
            _arr(
                [
                    "https://example.org",
                    "https://www.example.org",
                    "https://example.com",
                    "http://example.net",
                    "https://www.example.com",
                ]
            ).take(_choice(rng, [5, 2, 2, 1, 1], n)),
            _arr(["/projects/", "/covid19/", "/initiatives/", "/en/news/", "/"]).take(rng.integers(0, 5, n)),
            "c19-",
            digits,
        ),
    )
    first = _arr(
        [
            "alex",
            "sam",
            "maria",
            "li",
            "amina",
            "jose",
            "priya",
            "olga",
            "kofi",
            "noor",
            "chen",
            "fatima",
            "john",
            "ana",
            "yuki",
            "omar",
        ]
    )
    last = _arr(
        [
            "morgan",
            "lee",
            "garcia",
            "wang",
            "diallo",
            "silva",
            "sharma",
            "ivanova",
            "mensah",
            "haddad",
            "kim",
            "okafor",
            "smith",
            "santos",
            "tanaka",
            "nasser",
        ]
    )
    person = rng.random(n) < 0.8
    local = _where(
        person,
        _cat(first.take(rng.integers(0, 16, n)), ".", last.take(rng.integers(0, 16, n))),
        _arr(["info", "contact", "covid-response", "digital.team"]).take(rng.integers(0, 4, n)),
    )
    email = _where(rng.random(n) < 0.1, "", _cat(local, "@example.org"))
    al, sdg = _lines_and_sdgs(rng, topic, [0.4, 0.3, 0.2, 0.1], [0.35, 0.3, 0.2, 0.15])
    collection = pa.array([COLLECTION] * n, type=pa.string())
    copied = [org_pool.take(org_i), entity, country, al, sdg, summary, website, collection, email]
    org_s, entity, country, al, sdg, summary, website, collection, email = (a.take(gather) for a in copied)
    return [
        _cat("C19-", digits),
        title,
        org_s,
        entity,
        country,
        al,
        sdg,
        summary,
        start_s,
        end_s,
        status_s,
        sub_s,
        website,
        collection,
        email,
    ]


# ----------------------------------------------------------------------------- sessions
def _session_columns(m: int, rng: np.random.Generator) -> list[pa.Array]:
    if m == 0:
        return [pa.array([], type=pa.string()) for _ in SESSION_COLUMNS]
    covid = np.zeros(m, dtype=bool)
    covid[rng.permutation(m)[: int(round(0.29 * m))]] = True
    stype_i = _choice(rng, [w for _, w in _SESSION_TYPES], m)
    topic = _choice(rng, [t[0] for t in _TOPICS], m)
    themes = [t[5] for t in _TOPICS] + _OTHER_THEMES
    theme_i = np.where(covid, topic, len(_TOPICS) + rng.integers(0, len(_OTHER_THEMES), m))
    theme = _arr(themes).take(theme_i)
    theme_lower = _arr(s[:1].lower() + s[1:] for s in themes).take(theme_i)
    lead = _arr(
        [
            "ICTs for COVID-19 recovery",
            "Building back better after the pandemic",
            "Lessons from the COVID-19 pandemic",
            "Digital resilience in the pandemic",
            "Post-COVID-19 recovery",
        ]
    ).take(rng.integers(0, 5, m))
    subtitle = _arr(
        [
            "policy perspectives",
            "lessons from the field",
            "building partnerships",
            "a multistakeholder dialogue",
            "the way forward",
        ]
    ).take(rng.integers(0, 5, m))
    form = np.where(covid, rng.integers(0, 3, m), 3 + rng.integers(0, 2, m))
    title = pc.case_when(
        pc.make_struct(*[pa.array(form == f) for f in range(4)]),
        _cat(lead, ": ", theme),
        _cat(theme, " during the COVID-19 pandemic"),
        _cat(theme, " for a digital recovery"),
        theme,
        _cat(theme, ": ", subtitle),
    )
    prefix = _arr(_SESSION_PREFIX).take(stype_i)
    fac = np.flatnonzero(stype_i == 5)
    prefix = _scatter(
        prefix,
        fac,
        _cat(
            "Action Line C",
            pa.array(rng.integers(1, 12, len(fac))).cast(pa.string()),
            " Facilitation Meeting: ",
        ),
    )
    title = _cat(prefix, title)

    pool = [o for g in _org_pools() for o in g if "," not in o and " and " not in o] + ["ITU"]
    orgs = _arr(pool)
    k = _choice(rng, [0.5, 0.35, 0.15], m) + 1
    oi = _distinct(rng, rng.integers(0, len(pool), size=(m, 3)), lambda c: rng.integers(0, len(pool), c))
    joiner = rng.random(m) < 0.5

    def organisers_of(c: int, r: np.ndarray) -> pa.Array:
        o = [orgs.take(oi[r, j]) for j in range(c + 1)]
        if c == 0:
            return o[0]
        if c == 1:
            return _cat(o[0], _where(joiner[r], ", ", " and "), o[1])
        return _cat(o[0], ", ", o[1], _where(joiner[r], " and ", ", "), o[2])

    organisers = _by_case(k - 1, 3, organisers_of)
    weekdays = np.array(
        [
            d
            for d in range(_day(dt.date(2021, 1, 25)), _day(dt.date(2021, 5, 14)) + 1)
            if (_DAY0 + dt.timedelta(days=d)).weekday() < 5
        ]
    )
    day = np.where(
        rng.random(m) < 0.4,  # the final week of the Forum, 17-21 May 2021
        rng.integers(_day(dt.date(2021, 5, 17)), _day(dt.date(2021, 5, 21)) + 1, m),
        weekdays[rng.integers(0, len(weekdays), m)],
    )
    date_s = _date_pool().take(day * 6 + np.where(rng.random(m) < 0.8, 0, 1))
    flags = _arr(["No", "Yes", "FALSE", "TRUE", "N", "Y", "0", "1"])
    flag = flags.take(_choice(rng, [50, 20, 15, 15], m) * 2 + covid)
    al, sdg = _lines_and_sdgs(
        rng, np.where(covid, topic, len(_TOPICS)), [0.35, 0.35, 0.2, 0.1], [0.3, 0.35, 0.2, 0.15]
    )
    desc1 = _where(
        covid,
        _cat(
            "This session discusses how ",
            theme_lower,
            " helped communities cope with the COVID-19 pandemic and what it means for recovery.",
        ),
        _cat("This session explores ", theme_lower, " in the context of the WSIS Action Lines and the SDGs."),
    )
    desc2 = _arr(
        [
            "Speakers from government, industry and civil society share lessons learned.",
            'Speakers include regulators; operators; and "digital champions".',
            "The session is interactive, with questions from online participants.",
            "Outcomes will feed into the WSIS Forum 2021 outcome document.",
        ]
    ).take(rng.integers(0, 4, m))
    desc = _where(rng.random(m) < 0.6, _cat(desc1, " ", desc2), desc1)
    stype = _arr(s for s, _ in _SESSION_TYPES).take(stype_i)
    order = np.argsort(day, kind="stable")  # session numbers follow the agenda
    title, organisers, date_s, stype, flag, al, sdg, desc = (
        a.take(order) for a in (title, organisers, date_s, stype, flag, al, sdg, desc)
    )
    num = pa.array(np.arange(1, m + 1)).cast(pa.string())
    sid = _cat("WF21-", pc.utf8_lpad(num, max(4, len(str(m))), padding="0"))
    link = _cat("https://example.org/wsis-forum-2021/session/", num)
    forum = pa.array([FORUM] * m, type=pa.string())
    return [sid, title, organisers, date_s, stype, flag, forum, al, sdg, desc, link]


# ----------------------------------------------------------------------------- CSV writer
def _write_csv(path: Path, header: list[str], columns: list[pa.Array], sep: str, eol: str, bom: bool) -> None:
    """RFC 4180 CSV with minimal quoting, written in vectorised batches."""
    needs_quote = f'[{sep}"\r\n]'
    n = len(columns[0])
    with open(path, "wb") as f:
        if bom:
            f.write("\ufeff".encode())
        f.write((sep.join(header) + eol).encode())
        for lo in range(0, n, _CHUNK):
            cells = []
            for col in columns:
                col = col.slice(lo, _CHUNK)
                assert col.null_count == 0
                rows = np.flatnonzero(
                    pc.match_substring_regex(col, needs_quote).to_numpy(zero_copy_only=False)
                )
                if len(rows):
                    quoted = _cat('"', pc.replace_substring(col.take(rows), '"', '""'), '"')
                    col = _scatter(col, rows, quoted)
                cells.append(col)
            lines = _cat(pc.binary_join_element_wise(*cells, sep), eol)
            offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32)[
                lines.offset : lines.offset + len(lines) + 1
            ]
            f.write(memoryview(lines.buffers()[2])[offsets[0] : offsets[-1]])
