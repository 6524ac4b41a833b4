"""Generator of plainly SYNTHETIC, deliberately messy exports (demo data and benchmark input).

``generate()`` writes ``cases.csv`` (shaped like the WSIS Stocktaking "COVID-19 Response - ICT
Case Repository" export) and ``workshops.csv`` (shaped like the WSIS Forum 2021 session list).
Every organisation, e-mail address and website is fictional (example.org/.com/.net hosts).
All columns are built with vectorised numpy operations over small pools of pre-built strings,
so a million cases take seconds. Output bytes depend only on (cases, workshops, seed).

Contract the importer can rely on:

* cases.csv: UTF-8 with BOM, ``,``-delimited, minimal quoting, CRLF row ends; quoted cells may
  contain LF line breaks, commas and doubled quotes. workshops.csv: UTF-8, ``;``-delimited, LF.
* Read every column as text with ``keep_default_na=False`` (Namibia's ISO2 code is ``NA``;
  dates include Excel serials; the COVID flag includes ``1``/``0``).
* Multi-valued cells (countries, action lines, SDGs) use ONE separator per cell: ``"; "``,
  ``", "``, ``" | "`` or a line break. Values containing a comma only occur in cells with at
  least two values and a ``;``/``|``/line-break separator, so: split on line break, ``;`` or
  ``|`` if present, otherwise on ``,``.
* A repeated Project ID later in the file is an updated record superseding the earlier one.
"""

from __future__ import annotations

import datetime as dt
from functools import reduce
from pathlib import Path

import numpy as np
import pandas as pd
import pycountry

DEFAULT_SEED = 2021

CASE_COLUMNS = [
    "Project ID", "Project Title", "Organization", "Type of entity", "Country/Territory",
    "WSIS Action Line(s)", "SDGs", "Summary", "Start date", "End date", "Status",
    "Date submitted", "Website", "Collection", "Contact email",
]
WORKSHOP_COLUMNS = [
    "Session ID", "Session title", "Organisers", "Date", "Session type", "COVID related",
    "Forum", "WSIS Action Lines", "SDGs", "Description", "Link",
]

ACTION_LINES = {
    "C1": "The role of public governance authorities and all stakeholders in the promotion "
          "of ICTs for development",
    "C2": "Information and communication infrastructure",
    "C3": "Access to information and knowledge",
    "C4": "Capacity building",
    "C5": "Building confidence and security in the use of ICTs",
    "C6": "Enabling environment",
    "C7": "ICT applications",
    "C8": "Cultural diversity and identity, linguistic diversity and local content",
    "C9": "Media",
    "C10": "Ethical dimensions of the Information Society",
    "C11": "International and regional cooperation",
}
C7_SUBLINES = ["E-government", "E-business", "E-learning", "E-health", "E-employment",
               "E-environment", "E-agriculture", "E-science"]
SDG_NAMES = {
    1: "No poverty", 2: "Zero hunger", 3: "Good health and well-being", 4: "Quality education",
    5: "Gender equality", 6: "Clean water and sanitation", 7: "Affordable and clean energy",
    8: "Decent work and economic growth", 9: "Industry, innovation and infrastructure",
    10: "Reduced inequalities", 11: "Sustainable cities and communities",
    12: "Responsible consumption and production", 13: "Climate action", 14: "Life below water",
    15: "Life on land", 16: "Peace, justice and strong institutions",
    17: "Partnerships for the goals",
}
SCOPE_WORDS = ["Global", "Worldwide", "International", "Africa", "Latin America", "Asia-Pacific",
               "Europe", "Arab States", "Regional"]
COUNTRY_VARIANTS = {  # alpha_2 -> extra spellings seen in real exports
    "CI": ["Côte d'Ivoire", "Cote d'Ivoire", "Ivory Coast"], "TR": ["Türkiye", "Turkey"],
    "VN": ["Viet Nam", "Vietnam"], "RU": ["Russian Federation", "Russia"],
    "KR": ["Republic of Korea", "Korea, Republic of", "South Korea"], "LA": ["Lao PDR"],
    "TZ": ["United Republic of Tanzania"], "CD": ["Democratic Republic of the Congo", "DR Congo"],
    "US": ["USA", "United States of America"], "GB": ["UK"],
}
UNKNOWN_COUNTRY, INVALID_ACTION_LINE, INVALID_SDG = "Atlantis", "C12", "SDG 18"
COLLECTION, ITU_COLLECTION, FORUM = ("WSIS Stocktaking COVID-19", "ITU COVID-19 initiatives",
                                     "WSIS Forum 2021")

_V = 24  # columns of a variant table: spelling weights are approximated by repetition
_SEPS = np.array(["; ", ", ", " | ", "\n"], dtype=object)
_COMMA = 1
_ITU_ANCHORS = ["KE", "BR", "EG", "IN", "KZ", "DE"]  # Africa, Americas, Arab States, A-P, CIS, Eur
_COUNTRY_BOOST = {
    "IN": 30, "US": 14, "KE": 18, "NG": 12, "BR": 12, "GB": 10, "CN": 10, "SA": 10, "EG": 9,
    "AE": 8, "ID": 8, "RU": 7, "BD": 7, "ZA": 7, "MX": 7, "PH": 6, "PK": 6, "KR": 6, "DE": 6,
    "FR": 6, "CH": 6, "RW": 6, "GH": 6, "CO": 6, "JP": 5, "ES": 5, "IT": 5, "UG": 5, "TZ": 5,
    "AR": 5, "CA": 5, "TN": 5, "MA": 5, "TR": 5, "VN": 5, "TH": 5, "MY": 5, "KZ": 4, "UZ": 4,
    "ET": 4, "CI": 4, "SN": 4, "PE": 4, "CL": 4, "JO": 4, "OM": 4, "QA": 4, "LK": 4, "AU": 4,
    "PL": 4, "AZ": 3, "CM": 3, "CD": 3, "BH": 3, "LB": 3, "NP": 3, "PT": 3, "UA": 3, "KG": 2,
    "BY": 2, "AM": 2, "SD": 2, "LA": 2, "MD": 2, "TJ": 2,
}
_COUNTRY_RARE = {"AQ", "BV", "HM", "TF", "UM", "IO", "GS", "PN", "CX", "CC", "NF", "SJ", "TK"}
_THE = {"US", "GB", "AE", "PH", "NL", "RU", "CD", "CG", "DO", "CF", "GM", "BS", "KM", "MV",
        "MH", "SB", "KY", "VA", "FM", "LA", "TZ", "KR", "KP", "SY", "IR"}

# Topic text. Each topic: weight, title things, title purposes ("for ..."), goals ("to ..."),
# facts (pre, post) around a number (post None = no number), workshop theme.
_TOPICS = [
    (12, ["broadband expansion programme", "community Wi-Fi network", "free internet access scheme",
          "last-mile connectivity project", "zero-rated internet access package",
          "satellite broadband link", "mobile data subsidy for connectivity"],
     ["households without internet access", "rural connectivity", "affordable broadband",
      "connecting schools and clinics"],
     ["extend internet access to underserved households",
      "keep rural communities connected during lockdowns",
      "expand broadband capacity as traffic surged"],
     [("The operator expanded broadband capacity and connected ", " new households."),
      ("Free internet access was provided to ", " students and health workers."),
      ("Temporary spectrum was assigned to ease congestion, as internet traffic rose sharply.",
       None)],
     "Connectivity for all"),
    (14, ["telemedicine platform", "telehealth hotline", "remote consultation service",
          "virtual clinic for telemedicine", "telehealth triage chatbot"],
     ["remote consultations with doctors", "continuity of care", "patients with chronic conditions",
      "telehealth in primary care"],
     ["offer remote consultations to patients in isolation",
      "reduce pressure on hospitals through telehealth triage",
      "connect rural clinics to specialists via telemedicine"],
     [("Doctors held more than ", " remote consultations by video and phone."),
      ('Patients called the telehealth service "as good as a visit", according to a survey.',
       None),
      ("Around ", " patients with chronic conditions were followed up by telemedicine.")],
     "Telehealth at scale"),
    (14, ["online learning portal", "distance learning programme", "remote learning platform",
          "educational TV and radio service for distance learning", "e-learning app"],
     ["students during school closures", "continuity of education", "teacher training online",
      "remote learning at home"],
     ["keep students learning while schools were closed",
      "deliver distance learning by radio, TV and online",
      "train teachers to teach online"],
     [("The online learning portal reached ", " learners, teachers and parents."),
      ("Lessons were broadcast on radio and TV for students without internet access.", None),
      ("Teachers recorded ", " video lessons for remote learning.")],
     "Remote learning"),
    (10, ["digital public services portal", "e-government one-stop shop", "online permit system",
          "digital ID and e-signature service", "e-government service for social benefits"],
     ["contactless public services", "social benefit applications",
      "digital public services for citizens"],
     ["move essential public services online", "let citizens apply for relief payments online"],
     [("", " applications for emergency support were processed through the e-government portal."),
      ('A "digital first" policy made online public services the default.', None)],
     "Digital public services"),
    (8, ["contact tracing app", "exposure notification app", "QR code check-in system for contact "
         "tracing", "digital contact tracing tool"],
     ["contact tracing", "exposure notification", "faster contact tracing by health authorities"],
     ["notify people of possible exposure to COVID-19", "speed up contact tracing"],
     [("The exposure notification app was downloaded ", " times."),
      ("The contact tracing app was designed with privacy by default, storing data on the phone.",
       None)],
     "Contact tracing apps and privacy"),
    (6, ["fact-checking network", "infodemic management platform", "misinformation monitoring "
         "service", "verified information chatbot against misinformation"],
     ["countering misinformation", "fact-checking health claims", "managing the infodemic"],
     ["counter COVID-19 misinformation and rumours", "manage the infodemic with verified "
      "information"],
     [("Fact-checkers reviewed ", " claims about the virus and vaccines."),
      ('Rumours such as "5G spreads the virus" were debunked in local languages, with partners.',
       None)],
     "Fighting the infodemic"),
    (6, ["mobile money transfer scheme", "digital payments platform", "contactless payment service",
         "cash transfer programme via mobile money"],
     ["emergency cash transfers", "small traders and digital payments", "unbanked households"],
     ["deliver emergency cash transfers through mobile money",
      "reduce cash handling with digital payments"],
     [("Mobile money fees were waived for ", " users."),
      ("Digital payments grew by ", " transactions a month during lockdown.")],
     "Mobile money and digital payments"),
    (6, ["teleworking toolkit", "remote work platform", "virtual office service",
         "secure video-conferencing service for remote work"],
     ["civil servants working from home", "business continuity", "teleworking staff"],
     ["enable remote work for staff during lockdowns", "support teleworking in public "
      "administration"],
     [("", " employees switched to teleworking within two weeks."),
      ("Guidelines on remote work, including rest and data protection, were published.", None)],
     "The future of remote work"),
    (4, ["cybersecurity awareness campaign", "phishing alert service", "CERT incident response "
         "hotline", "cyber hygiene training"],
     ["protecting hospitals from ransomware", "phishing awareness", "safer online services"],
     ["warn users about COVID-19 phishing scams", "protect health systems against cyberattacks"],
     [("The national CERT handled ", " reports of phishing and fraud."),
      ('Users were told: "never click on links promising free vaccines".', None)],
     "Cybersecurity in a crisis"),
    (4, ["emergency telecommunications network", "early warning SMS system",
         "cell broadcast alert system", "emergency hotline"],
     ["public health alerts", "disaster preparedness", "emergency telecommunications"],
     ["send early warning and public health alerts by SMS",
      "keep emergency telecommunications running"],
     [("Early warning messages reached ", " subscribers by SMS and cell broadcast."),
      ("Emergency telecommunications kits were deployed to field hospitals.", None)],
     "Emergency telecommunications"),
    (6, ["digital skills programme", "digital inclusion initiative", "accessible information "
         "service for persons with disabilities", "digital literacy training for older persons",
         "sign language video service"],
     ["persons with disabilities", "women and girls", "older persons learning digital skills"],
     ["build digital skills of people left offline",
      "make COVID-19 information accessible to persons with disabilities"],
     [("", " women and young people completed digital skills training."),
      ("All materials were produced in accessible formats, including sign language.", None)],
     "Digital inclusion and skills"),
    (5, ["e-commerce marketplace", "online marketplace for SMEs", "digital storefront programme",
         "delivery platform for local shops"],
     ["small businesses (SMEs)", "farmers and local producers", "e-commerce for SMEs"],
     ["help SMEs sell online during lockdowns", "connect farmers to buyers through e-commerce"],
     [("", " SMEs opened an online shop on the e-commerce marketplace."),
      ("Sales through the e-commerce platform grew by ", " orders in the first month.")],
     "E-commerce for SMEs"),
    (8, ["COVID-19 data dashboard", "AI-based triage tool", "open data platform",
         "mobility data analytics service", "machine learning forecasting model"],
     ["evidence-based decisions", "forecasting hospital demand", "open data on COVID-19"],
     ["publish daily case data on an open dashboard", "forecast hospital demand with AI and big "
      "data"],
     [("The dashboard was viewed ", " times by the public and decision makers."),
      ("An AI model forecast ICU demand, using anonymised data.", None)],
     "Data and AI for decision making"),
]
_T_CONN, _T_EMERG, _T_DATA = 0, 9, 12
# Action-line items: 0..10 = C1..C11, 11..18 = C7 sub-lines (C7_SUBLINES order).
_AL_BASE = [3, 10, 6, 9, 3, 3, 4, 1.5, 0.8, 0.8, 3, 5, 3, 10, 12, 2, 1, 1.2, 0.6]
_AL_TOPIC = [[1, 2, 5], [14, 1], [13, 3, 2], [11, 0], [14, 4, 9], [8, 2, 9], [12, 5],
             [15, 12], [4], [1, 16, 10], [3, 2, 7], [12, 17], [18, 6, 9]]
_SDG_BASE = [2, 1.5, 10, 9, 3, 1, 1, 5, 8, 5, 2, 0.8, 1, 0.4, 0.4, 3, 6]
_AL_SDG = {0: [16], 1: [9], 2: [10], 3: [4], 4: [16], 5: [9, 17], 6: [9], 7: [10], 8: [9, 16],
           9: [16], 10: [17], 11: [16], 12: [8], 13: [4], 14: [3], 15: [8], 16: [13], 17: [2],
           18: [9]}
_NUMBERS = ["40", "250", "500", "1,200", "3,500", "5,600", "7,800", "12,000", "25,000", "48,000",
            "90,000", "150,000", "600,000", "1.3 million", "2 million"]
_PLACES = ["rural areas", "remote communities", "informal settlements", "small island states",
           "secondary cities", "the capital region", "border districts", "refugee settlements"]
_ADJECTIVES = ["National", "Community", "Rapid", "Open", "Free", "Inclusive", "Low-cost",
               "Scalable", "Emergency", "Resilient", "Integrated", "Mobile-first", "Pilot",
               "Citywide", "Rural"]
_FICT = ["Northwind", "Contoso", "Fabrikam", "Tailspin", "Wingtip", "Litware", "Proseware",
         "Woodgrove", "Adatum", "Lamna", "Example", "Sample", "Demo"]
_FPLACES = ["Examplia", "Sampleland", "Fictonia", "Mockovia", "Placeholder Bay", "Testville"]
_CLOSINGS = ["The initiative was delivered with local partners, including community groups.",
             'It is now part of the "build back better" recovery plan.',
             "Results were shared with regulators and other stakeholders.",
             "The project is being scaled up to other regions.",
             "An evaluation is planned for 2022."]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_DAY0 = dt.date(2019, 1, 1)
_EXCEL0 = dt.date(1899, 12, 30)


def generate(out_dir: Path, cases: int = 500, workshops: int = 260,
             seed: int = DEFAULT_SEED) -> dict[str, Path]:
    """Write cases.csv and workshops.csv into out_dir (created if missing); return {"cases": path, "workshops": path}."""
    if cases < 0 or workshops < 0:
        raise ValueError("cases and workshops must be >= 0")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng_cases, rng_workshops = _rngs(seed)
    paths = {"cases": out_dir / "cases.csv", "workshops": out_dir / "workshops.csv"}
    _cases_frame(cases, rng_cases).to_csv(paths["cases"], index=False, encoding="utf-8-sig",
                                          lineterminator="\r\n")
    _workshops_frame(workshops, rng_workshops).to_csv(paths["workshops"], index=False, sep=";",
                                                      encoding="utf-8", lineterminator="\n")
    return paths


def _rngs(seed: int) -> tuple[np.random.Generator, np.random.Generator]:
    """Independent generators for the two files (workshops do not depend on the case count)."""
    a, b = np.random.SeedSequence(seed).spawn(2)
    return np.random.default_rng(a), np.random.default_rng(b)


# ----------------------------------------------------------------------------- small helpers
def _obj(values) -> np.ndarray:
    return np.array(list(values), dtype=object)


def _cat(*parts) -> np.ndarray:
    """Element-wise string concatenation of object arrays and str scalars."""
    return reduce(np.add, parts)


def _table(variants: list[list[tuple[str, float]]]) -> np.ndarray:
    """(entities, _V) object table; a uniform column draw picks a spelling with ~its weight."""
    out = np.empty((len(variants), _V), dtype=object)
    for i, vs in enumerate(variants):
        w = np.array([x[1] for x in vs], dtype=float)
        c = np.maximum(1, np.floor(w / w.sum() * _V)).astype(int)
        while c.sum() > _V:
            c[np.argmax(c)] -= 1
        while c.sum() < _V:
            c[np.argmax(w / w.sum() * _V - c)] += 1
        out[i] = [s for (s, _), k in zip(vs, c, strict=True) for _ in range(k)]
    return out


def _no_comma(variants: list[list[tuple[str, float]]], fallback) -> list[list[tuple[str, float]]]:
    return [[v for v in vs if "," not in v[0]] or [(fallback(i), 1.0)]
            for i, vs in enumerate(variants)]


class _Groups:
    """Flat pool of strings split in groups; pick(g) draws one string of group g per row."""

    def __init__(self, groups: list[list[str]]):
        self.values = _obj(s for g in groups for s in g)
        self.size = np.array([len(g) for g in groups])
        self.offset = np.concatenate([[0], np.cumsum(self.size)[:-1]])

    def index(self, rng: np.random.Generator, g: np.ndarray, skew: float = 1.0) -> np.ndarray:
        u = rng.random(len(g)) ** skew
        return self.offset[g] + (u * self.size[g]).astype(np.int64)

    def pick(self, rng: np.random.Generator, g: np.ndarray, skew: float = 1.0) -> np.ndarray:
        return self.values[self.index(rng, g, skew)]


def _exact(rng: np.random.Generator, n: int, frac: float, allowed: np.ndarray | None = None):
    """Indices of round(frac * n) distinct rows drawn from `allowed` (default: all rows)."""
    pool = np.arange(n) if allowed is None else np.flatnonzero(allowed)
    k = min(len(pool), int(round(frac * n)))
    return np.sort(rng.choice(pool, k, replace=False)) if k else np.zeros(0, dtype=np.int64)


def _choice(rng: np.random.Generator, weights, n: int) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return rng.choice(len(p), n, p=p / p.sum())


def _topk(rng: np.random.Generator, logw: np.ndarray, k: int) -> np.ndarray:
    """k distinct weighted items per row (Gumbel top-k)."""
    keys = logw + rng.gumbel(size=logw.shape)
    top = np.argpartition(-keys, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(keys, top, axis=1), axis=1)
    return np.take_along_axis(top, order, axis=1)


def _join_cells(rng, items, k, table, table_nc, sep_p, force_comma_free=None):
    """Render k[i] items of row i with one separator per cell; comma values only if safe."""
    n, width = items.shape
    sep_i = _choice(rng, sep_p, n)
    sep = _SEPS[sep_i]
    comma_ok = (k >= 2) & (sep_i != _COMMA)
    if force_comma_free is not None:
        comma_ok &= ~force_comma_free
    cols = rng.integers(0, _V, size=items.shape)
    out = None
    for j in range(width):
        s = np.where(comma_ok, table[items[:, j], cols[:, j]], table_nc[items[:, j], cols[:, j]])
        if out is None:
            out = s
        else:
            m = k > j
            out[m] = out[m] + sep[m] + s[m]
    return out, sep


# ----------------------------------------------------------------------------- pools
def _date_table() -> tuple[np.ndarray, np.ndarray]:
    """Per day since _DAY0: [ISO, dd/mm/yyyy, dd.mm.yyyy, Month yyyy, Excel serial, datetime]."""
    days = (dt.date(2025, 12, 31) - _DAY0).days + 1
    rows = []
    for i in range(days):
        d = _DAY0 + dt.timedelta(days=i)
        iso = d.isoformat()
        rows.append([iso, d.strftime("%d/%m/%Y"), d.strftime("%d.%m.%Y"),
                     f"{_MONTHS[d.month - 1]} {d.year}", str((d - _EXCEL0).days),
                     iso + " 00:00:00"])
    return np.array(rows, dtype=object), np.array([r[0] for r in rows], dtype=object)


def _day(d: dt.date) -> int:
    return (d - _DAY0).days


def _countries():
    recs = list(pycountry.countries)
    alpha2 = [c.alpha_2 for c in recs]
    wrng = np.random.default_rng(7)  # fixed: the country mix is part of the distribution
    w = wrng.lognormal(0.0, 1.0, len(recs)) * 0.4
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
    table = _table(variants)
    table_nc = _table(_no_comma(variants, lambda i: recs[i].alpha_3))
    return alpha2, w / w.sum(), table, table_nc, _obj(display)


def _action_line_tables():
    variants = []
    for code, name in ACTION_LINES.items():
        num = code[1:]
        variants.append([(code, 8), (f"c {num}", 1), (f"AL {code}", 2), (f"Action Line {code}", 2),
                         (f"{code}. {name}", 3), (name, 2)])
    for sub in C7_SUBLINES:
        titled = "E-" + sub[2:].capitalize()
        camel = "e" + sub[2:].capitalize()
        variants.append([(sub, 6), (f"AL C7 {sub}", 2), (f"C7 {titled}", 2), (camel, 3),
                         (f"C7: {sub}", 2)])
    return _table(variants), _table(_no_comma(variants, lambda i: f"C{i + 1}"))


def _sdg_tables():
    variants = [[(str(g), 4), (f"SDG {g}", 6), (f"SDG{g}", 2), (f"Goal {g}", 2),
                 (f"Goal {g}: {name}", 2), (f"#{g}", 1), (name, 2)]
                for g, name in SDG_NAMES.items()]
    return _table(variants), _table(_no_comma(variants, lambda i: f"SDG {i + 1}"))


def _org_pools() -> list[list[str]]:
    """Fictional organisations per entity category (gov, private, civil, academia, intl, other)."""
    gov = [f"Ministry of {x} (sample)" for x in
           ["Digital Affairs", "Health", "Education", "ICT and Innovation", "Communications",
            "Public Service", "Economy and Trade", "Social Protection"]]
    gov += [f"National {y} Agency of {p}" for y in
            ["Telecommunications", "Digital Health", "eGovernment", "Cybersecurity", "Statistics"]
            for p in _FPLACES]
    gov += [f"{p} Regulatory Authority for Communications" for p in _FPLACES]
    gov += [f"City of {p} Digital Office" for p in _FPLACES]
    private = [f"{f} {s}" for f in _FICT for s in
               ["Telecom Ltd", "Payments plc", "Health Tech Inc.", "Cloud Services LLC",
                "Mobile Money S.A.", "Learning Systems GmbH", "Networks, Inc.", "Data Labs"]]
    civil = [f"{f} {s}" for f in _FICT for s in
             ["Health Trust", "Foundation", "Digital Rights Network", "Community Radio Association",
              "Literacy Alliance", "Youth Coding Club"]]
    civil += [f"Friends of {p} (fictional NGO)" for p in _FPLACES]
    academia = [f"University of {p}" for p in _FPLACES]
    academia += [f"{f} {s}" for f in _FICT for s in
                 ["Institute of Technology", "School of Public Health"]]
    academia += [f"{p} Research Centre for Digital Development" for p in _FPLACES]
    intl = ["International Union of Examples", "Regional Example Development Bank",
            "United Examples Programme for Digital Development",
            "Sample Intergovernmental Commission on Health Data", "Organisation of Example States"]
    intl += [f"{p} Regional Cooperation Council (fictional)" for p in _FPLACES]
    other = [f"{f} Innovation Hub" for f in _FICT] + [f"{f} Multi-stakeholder Partnership"
                                                        for f in _FICT]
    other += [f"{p} Chamber of Commerce (sample)" for p in _FPLACES]
    prng = np.random.default_rng(11)  # fixed shuffle so the skewed draw favours random orgs
    return [[g[i] for i in prng.permutation(len(g))]
            for g in (gov, private, civil, academia, intl, other)]


_ENTITY_SPELLINGS = [
    [("Government", 11), ("government", 3), ("Public sector", 3), ("Ministry", 3)],
    [("Private Sector", 9), ("private sector", 3), ("Company", 4), ("Business", 4)],
    [("Civil Society", 10), ("NGO", 6), ("Non-governmental organization", 4)],
    [("Academia", 10), ("University", 6), ("Research institution", 4)],
    [("International Organization", 10), ("UN agency", 5), ("Intergovernmental organization", 5)],
    [("Other", 1)],
]
_ENTITY_P = [0.32, 0.2, 0.2, 0.1, 0.12, 0.06]


def _al_weights() -> np.ndarray:
    """(topics + 1, items) action-line weights; the last row is the topic-free base."""
    base = np.array(_AL_BASE, dtype=float)
    w = np.tile(base, (len(_TOPICS) + 1, 1))
    for t, items in enumerate(_AL_TOPIC):
        w[t, items] *= 8.0
    return w


def _al_to_sdg() -> np.ndarray:
    m = np.zeros((len(_AL_BASE), 17))
    for item, goals in _AL_SDG.items():
        m[item, [g - 1 for g in goals]] = 1.0
    return m


def _draw_lines_and_sdgs(rng, n, topic, k_al_p, k_sdg_p):
    """Correlated action-line items and SDG items, rendered as messy cells."""
    al_tab, al_nc = _action_line_tables()
    sdg_tab, sdg_nc = _sdg_tables()
    k_al = _choice(rng, k_al_p, n) + 1
    k_sdg = _choice(rng, k_sdg_p, n) + 1
    al_items = _topk(rng, np.log(_al_weights())[topic], 4)
    chosen = np.zeros((n, len(_AL_BASE)), dtype=np.float32)
    np.put_along_axis(chosen, al_items, (np.arange(4) < k_al[:, None]).astype(np.float32), axis=1)
    sdg_w = np.array(_SDG_BASE, dtype=np.float32) + 12.0 * (chosen @ _al_to_sdg().astype(
        np.float32))
    sdg_items = _topk(rng, np.log(sdg_w), 4)
    al, al_sep = _join_cells(rng, al_items, k_al, al_tab, al_nc, [0.45, 0.3, 0.12, 0.13])
    sdg, sdg_sep = _join_cells(rng, sdg_items, k_sdg, sdg_tab, sdg_nc, [0.45, 0.32, 0.1, 0.13])
    bad = _exact(rng, n, 0.003)
    al[bad] = al[bad] + al_sep[bad] + _obj([INVALID_ACTION_LINE, "AL C12"])[
        rng.integers(0, 2, len(bad))]
    bad = _exact(rng, n, 0.003)
    sdg[bad] = sdg[bad] + sdg_sep[bad] + INVALID_SDG
    return al, sdg


# ----------------------------------------------------------------------------- cases
def _cases_frame(n: int, rng: np.random.Generator) -> pd.DataFrame:
    if n == 0:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in CASE_COLUMNS})
    dates, _ = _date_table()

    # --- who and where
    itu = np.zeros(n, dtype=bool)
    itu[_exact(rng, n, 0.03)] = True
    cat = _choice(rng, _ENTITY_P, n)
    cat[itu] = 4
    ent_tab = _table(_ENTITY_SPELLINGS)
    entity = ent_tab[cat, rng.integers(0, _V, n)]
    entity[itu] = _obj(["UN agency", "International Organization",
                        "Intergovernmental organization"])[_choice(rng, [3, 2, 1], int(itu.sum()))]
    org = _Groups(_org_pools()).pick(rng, cat, skew=2.0)
    org[itu] = "ITU"

    alpha2, cp, c_tab, c_nc, c_display = _countries()
    kind = _choice(rng, [0.75, 0.10, 0.15], n)  # 0 single, 1 multi, 2 scope
    cidx = rng.choice(len(alpha2), size=(n, 3), p=cp)
    if n >= 6:  # every ITU region appears at least once
        anchor_rows = rng.choice(n, len(_ITU_ANCHORS), replace=False)
        kind[anchor_rows] = 0
        cidx[anchor_rows, 0] = [alpha2.index(a) for a in _ITU_ANCHORS]
    for j in (1, 2):
        for _ in range(50):
            dup = (cidx[:, j, None] == cidx[:, :j]).any(axis=1)
            if not dup.any():
                break
            cidx[dup, j] = rng.choice(len(alpha2), int(dup.sum()), p=cp)
    kc = np.where(kind == 1, rng.integers(2, 4, n), 1)
    country, csep = _join_cells(rng, cidx, kc, c_tab, c_nc, [0.4, 0.3, 0.1, 0.2])
    scope = kind == 2
    country[scope] = _obj(SCOPE_WORDS)[_choice(rng, [40, 8, 8, 12, 7, 8, 6, 6, 5], int(scope.sum()))]
    atl = _exact(rng, n, 0.003, ~scope)
    multi_atl = kc[atl] > 1
    country[atl[~multi_atl]] = UNKNOWN_COUNTRY
    country[atl[multi_atl]] = country[atl[multi_atl]] + csep[atl[multi_atl]] + UNKNOWN_COUNTRY

    # --- what: topic, titles, summaries
    topic = _choice(rng, [t[0] for t in _TOPICS], n)
    topic[itu] = np.array([_T_CONN, _T_CONN, _T_EMERG, _T_DATA])[rng.integers(0, 4, int(itu.sum()))]
    things = _Groups([t[1] for t in _TOPICS])
    purposes = _Groups([t[2] for t in _TOPICS])
    goals = _Groups([t[3] for t in _TOPICS])
    thing_i = things.index(rng, topic)
    thing = things.values[thing_i]
    place = np.where(scope | (rng.random(n) < 0.35), _obj(_PLACES)[rng.integers(0, len(_PLACES), n)],
                     c_display[cidx[:, 0]])
    adj = _obj(_ADJECTIVES)[rng.integers(0, len(_ADJECTIVES), n)]
    purpose = purposes.pick(rng, topic)
    cap_thing = _obj(s[:1].upper() + s[1:] for s in things.values)[thing_i]
    tmpl = _choice(rng, [40, 20, 15, 15, 10], n)
    title = np.empty(n, dtype=object)
    for t_id, parts in enumerate([
        (adj, " ", thing, " for ", purpose, " in ", place),
        (adj, " ", thing, " in ", place),
        (cap_thing, " for ", purpose, " during the COVID-19 pandemic"),
        ("COVID-19: ", thing, " for ", purpose),
        (adj, " ", thing, " (", place, ")"),
    ]):
        m = tmpl == t_id
        title[m] = _cat(*[p[m] if isinstance(p, np.ndarray) else p for p in parts])
    n_itu = int(itu.sum())
    if n_itu:
        prefix = _obj(["REG4COVID", "Connect2Recover", "Connect2Recover",
                       "REG4COVID Global Network Resiliency Platform"])[rng.integers(0, 4, n_itu)]
        what = _obj(["connectivity assessment", "regulatory and policy measures",
                     "digital resilience toolkit", "broadband gap analysis",
                     "emergency telecommunications guidelines", "network resilience data "
                     "collection"])[rng.integers(0, 6, n_itu)]
        title[itu] = _cat(prefix, ": ", what, " in ", place[itu])

    verb = _obj(["launched", "set up", "scaled up", "piloted", "rolled out"])[rng.integers(0, 5, n)]
    article = _obj("an " if s[:1].lower() in "aeiou" else "a " for s in things.values)[thing_i]
    when = _obj(["during the COVID-19 pandemic", "in response to COVID-19",
                 "after the first lockdown", "during the pandemic",
                 "as part of its COVID-19 response", "in 2020"])[rng.integers(0, 6, n)]
    s1 = _cat(org, " ", verb, " ", article, thing, " to ", goals.pick(rng, topic), " ", when, ".")
    s2 = _fact(rng, topic)
    topic2 = _choice(rng, [t[0] for t in _TOPICS], n)
    s3 = np.where(rng.random(n) < 0.4, _fact(rng, topic2),
                  _obj(_CLOSINGS)[rng.integers(0, len(_CLOSINGS), n)])
    n_sent = _choice(rng, [25, 45, 30], n) + 1
    br = np.zeros(n, dtype=bool)
    br[_exact(rng, n, 0.03)] = True
    n_sent[br] = np.maximum(n_sent[br], 2)
    summary = s1.copy()
    m2 = n_sent >= 2
    summary[m2] = summary[m2] + np.where(br[m2], "\n", " ") + s2[m2]
    m3 = n_sent >= 3
    summary[m3] = summary[m3] + " " + s3[m3]

    # --- when and status (numeric days, formatted at the end)
    d_lo, d_hi = _day(dt.date(2020, 3, 1)), _day(dt.date(2021, 12, 31))
    start = np.where(rng.random(n) < 0.5, rng.integers(d_lo, _day(dt.date(2020, 7, 31)) + 1, n),
                     rng.integers(d_lo, d_hi + 1, n))
    odd = rng.random(n) < 0.05
    start[odd] = rng.integers(_day(dt.date(2019, 6, 1)), _day(dt.date(2022, 6, 30)) + 1,
                              int(odd.sum()))
    end = np.where(rng.random(n) < 0.4, -1, start + rng.integers(30, 721, n))
    sub_lo, sub_hi = _day(dt.date(2020, 4, 1)), _day(dt.date(2022, 6, 30))
    submitted = np.clip(start + rng.integers(0, 241, n), sub_lo, sub_hi)
    status = np.where(end < 0, np.where(rng.random(n) < 0.85, 0, 2),
                      np.where((end <= submitted) | (rng.random(n) < 0.7), 1, 0))

    # --- updated records: later rows repeating an earlier ID, edited title and status
    upd = np.zeros(n, dtype=bool)
    upd_rows = _exact(rng, n, 0.005, np.arange(n) >= max(1, n // 20))
    upd[upd_rows] = True
    base_rows = np.flatnonzero(~upd)
    before = np.searchsorted(base_rows, upd_rows)
    src = base_rows[(rng.random(len(upd_rows)) * before).astype(np.int64)]
    for col in (org, entity, country, summary, topic, cat):
        col[upd_rows] = col[src]
    itu[upd_rows] = itu[src]
    for col in (start, end):
        col[upd_rows] = col[src]
    submitted[src] = np.minimum(submitted[src], sub_hi - 30)
    submitted[upd_rows] = np.minimum(submitted[src] + rng.integers(14, 366, len(src)), sub_hi)
    status[upd_rows] = np.where(status[src] == 2, 0, 1)
    fill = (status[upd_rows] == 1) & (end[src] < 0)
    end[upd_rows[fill]] = start[src[fill]] + rng.integers(60, 401, int(fill.sum()))
    title[upd_rows] = title[src] + _obj([" (updated)", " - phase 2", " (extended)",
                                         ": scale-up", " (revised)"])[
        rng.integers(0, 5, len(src))]
    empty = _exact(rng, n, 0.005, ~upd & ~np.isin(np.arange(n), src))
    title[empty] = ""

    # --- identifiers, formatting
    ids = np.cumsum(rng.integers(1, 3, n - len(upd_rows)))
    row_id = np.empty(n, dtype=np.int64)
    row_id[~upd] = ids
    row_id[upd_rows] = row_id[src]
    width = max(6, len(str(int(ids[-1])) if len(ids) else "1"))
    pid = _cat("C19-", _zfill(row_id, width))
    fmt = _choice(rng, [45, 18, 7, 10, 8, 12], n)
    fmt_end = np.where(rng.random(n) < 0.75, fmt, _choice(rng, [45, 18, 7, 10, 8, 12], n))
    start_s = dates[start, fmt]
    end_s = np.where(end < 0, "", dates[np.maximum(end, 0), fmt_end])
    sub_s = dates[submitted, np.where(rng.random(n) < 0.7, 0, 1)]
    st_tab = _table([[(s, 15), (s.lower(), 3), (s.upper(), 2)]
                     for s in ("Ongoing", "Completed", "Planned")])
    status_s = st_tab[status, rng.integers(0, _V, n)]
    host = _obj(["https://example.org", "https://www.example.org", "https://example.com",
                 "http://example.net", "https://www.example.com"])[_choice(rng, [5, 2, 2, 1, 1], n)]
    path = _obj(["/projects/", "/covid19/", "/initiatives/", "/en/news/", "/"])[
        rng.integers(0, 5, n)]
    website = np.where(rng.random(n) < 0.12, "", _cat(host, path, "c19-", _zfill(row_id, width)))
    first = _obj(["alex", "sam", "maria", "li", "amina", "jose", "priya", "olga", "kofi", "noor",
                  "chen", "fatima", "john", "ana", "yuki", "omar"])
    last = _obj(["morgan", "lee", "garcia", "wang", "diallo", "silva", "sharma", "ivanova",
                 "mensah", "haddad", "kim", "okafor", "smith", "santos", "tanaka", "nasser"])
    local = np.where(rng.random(n) < 0.8,
                     _cat(first[rng.integers(0, 16, n)], ".", last[rng.integers(0, 16, n)]),
                     _obj(["info", "contact", "covid-response", "digital.team"])[
                         rng.integers(0, 4, n)])
    email = np.where(rng.random(n) < 0.1, "", _cat(local, "@example.org"))
    collection = np.where(itu, ITU_COLLECTION, COLLECTION)
    al, sdg = _draw_lines_and_sdgs(rng, n, topic, [0.4, 0.3, 0.2, 0.1], [0.35, 0.3, 0.2, 0.15])
    cols = [pid, title, org, entity, country, al, sdg, summary, start_s, end_s, status_s, sub_s,
            website, collection, email]
    return pd.DataFrame({c: v.astype(object) for c, v in zip(CASE_COLUMNS, cols, strict=True)},
                        dtype=object)


def _zfill(values: np.ndarray, width: int) -> np.ndarray:
    s = (values.astype(np.int64) + 10 ** width).astype(f"U{width + 1}")
    return np.ascontiguousarray(s.view("U1").reshape(len(s), width + 1)[:, 1:]).view(
        f"U{width}").ravel().astype(object)


def _fact(rng: np.random.Generator, topic: np.ndarray) -> np.ndarray:
    facts = [t[4] for t in _TOPICS]
    g = _Groups([[pre for pre, _ in f] for f in facts])
    post = _obj(p for f in facts for _, p in f)
    n = len(topic)
    idx = g.offset[topic] + (rng.random(n) * g.size[topic]).astype(np.int64)
    has_num = post[idx] != None  # noqa: E711 (element-wise on an object array)
    num = _obj(_NUMBERS)[rng.integers(0, len(_NUMBERS), n)]
    out = g.values[idx].copy()
    out[has_num] = _cat(out[has_num], num[has_num], post[idx][has_num])
    return out


# ----------------------------------------------------------------------------- workshops
_SESSION_TYPES = [("Thematic Workshop", 40), ("Country Workshop", 12), ("WSIS TalkX", 10),
                  ("High-Level Policy Session", 12), ("Interactive session", 8),
                  ("Facilitation Meeting", 8), ("Special Track", 6), ("Hackathon", 2),
                  ("Prizes ceremony", 2)]
_OTHER_THEMES = ["ICTs for the SDGs", "Gender equality in the digital economy",
                 "Smart cities and sustainable communities", "Digital transformation of agriculture",
                 "Ethics of artificial intelligence", "Local content and multilingualism",
                 "Space technologies for development", "Blockchain for trade",
                 "E-waste and the circular economy", "Measuring the information society",
                 "Youth and digital entrepreneurship", "Cybersecurity capacity building",
                 "Broadband for all", "Open science and research networks",
                 "Media freedom in the digital age", "Accessibility standards",
                 "Digital skills for the workforce", "Climate action with ICTs"]


def _workshops_frame(m: int, rng: np.random.Generator) -> pd.DataFrame:
    if m == 0:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in WORKSHOP_COLUMNS})
    dates, _ = _date_table()
    covid = np.zeros(m, dtype=bool)
    covid[rng.permutation(m)[: int(round(0.29 * m))]] = True
    stype_i = _choice(rng, [w for _, w in _SESSION_TYPES], m)
    stype = _obj(s for s, _ in _SESSION_TYPES)[stype_i]
    topic = _choice(rng, [t[0] for t in _TOPICS], m)
    all_themes = [t[5] for t in _TOPICS] + _OTHER_THEMES
    theme_i = np.where(covid, topic, len(_TOPICS) + rng.integers(0, len(_OTHER_THEMES), m))
    theme = _obj(all_themes)[theme_i]
    theme_l = _obj(s[:1].lower() + s[1:] for s in all_themes)[theme_i]
    lead = _obj(["ICTs for COVID-19 recovery", "Building back better after the pandemic",
                 "Lessons from the COVID-19 pandemic", "Digital resilience in the pandemic",
                 "Post-COVID-19 recovery"])[rng.integers(0, 5, m)]
    sub = _obj(["policy perspectives", "lessons from the field", "building partnerships",
                "a multistakeholder dialogue", "the way forward"])[rng.integers(0, 5, m)]
    form = rng.integers(0, 3, m)
    covid_title = np.where(form == 0, _cat(lead, ": ", theme),
                           np.where(form == 1, _cat(theme, " during the COVID-19 pandemic"),
                                    _cat(theme, " for a digital recovery")))
    other_title = np.where(rng.random(m) < 0.5, theme, _cat(theme, ": ", sub))
    title = np.where(covid, covid_title, other_title)
    prefix = _obj(["", "", "WSIS TalkX: ", "High-Level Policy Session: ", "", "", "",
                   "WSIS Hackathon: ", "WSIS Prizes 2021 ceremony: "])[stype_i]
    fac = stype_i == 5
    prefix[fac] = _cat("Action Line C", rng.integers(1, 12, int(fac.sum())).astype(str).astype(
        object), " Facilitation Meeting: ")
    title = _cat(prefix, title)

    pool = [o for g in _org_pools() for o in g if "," not in o and " and " not in o] + ["ITU"]
    orgs = _obj(pool)
    k = _choice(rng, [0.5, 0.35, 0.15], m) + 1
    oi = rng.integers(0, len(pool), size=(m, 3))
    for j in (1, 2):
        for _ in range(50):
            dup = (oi[:, j, None] == oi[:, :j]).any(axis=1)
            if not dup.any():
                break
            oi[dup, j] = rng.integers(0, len(pool), int(dup.sum()))
    o0, o1, o2 = orgs[oi[:, 0]], orgs[oi[:, 1]], orgs[oi[:, 2]]
    join2 = np.where(rng.random(m) < 0.5, ", ", " and ")
    organisers = o0.copy()
    organisers[k == 2] = _cat(o0, join2, o1)[k == 2]
    three = np.where(rng.random(m) < 0.6, _cat(o0, ", ", o1, " and ", o2), _cat(o0, ", ", o1, ", ",
                                                                                   o2))
    organisers[k == 3] = three[k == 3]

    final_week = rng.random(m) < 0.4
    weekdays = np.array([d for d in range(_day(dt.date(2021, 1, 25)), _day(dt.date(2021, 5, 14)) + 1)
                         if (_DAY0 + dt.timedelta(days=d)).weekday() < 5])
    day = np.where(final_week, rng.integers(_day(dt.date(2021, 5, 17)), _day(dt.date(2021, 5, 21))
                                            + 1, m), weekdays[rng.integers(0, len(weekdays), m)])
    order = np.argsort(day, kind="stable")
    date_s = dates[day, np.where(rng.random(m) < 0.8, 0, 1)]

    flag_form = _choice(rng, [50, 20, 15, 15], m)
    flags = np.array([["No", "Yes"], ["FALSE", "TRUE"], ["N", "Y"], ["0", "1"]], dtype=object)
    flag = flags[flag_form, covid.astype(int)]
    al, sdg = _draw_lines_and_sdgs(rng, m, np.where(covid, topic, len(_TOPICS)),
                                   [0.35, 0.35, 0.2, 0.1], [0.3, 0.35, 0.2, 0.15])
    desc1 = np.where(covid, _cat("This session discusses how ", theme_l, " helped communities cope "
                                 "with the COVID-19 pandemic and what it means for recovery."),
                     _cat("This session explores ", theme_l,
                          " in the context of the WSIS Action Lines and the SDGs."))
    desc2 = _obj(["Speakers from government, industry and civil society share lessons learned.",
                  'Speakers include regulators; operators; and "digital champions".',
                  "The session is interactive, with questions from online participants.",
                  "Outcomes will feed into the WSIS Forum 2021 outcome document."])[
        rng.integers(0, 4, m)]
    desc = np.where(rng.random(m) < 0.6, _cat(desc1, " ", desc2), desc1)

    cols = [title, organisers, date_s, stype, flag, al, sdg, desc]
    cols = [c[order] for c in cols]
    num = np.arange(1, m + 1)
    sid = _cat("WF21-", _zfill(num, max(4, len(str(m)))))
    link = _cat("https://example.org/wsis-forum-2021/session/", num.astype(str).astype(object))
    data = [sid, cols[0], cols[1], cols[2], cols[3], cols[4], np.full(m, FORUM, dtype=object),
            cols[5], cols[6], cols[7], link]
    return pd.DataFrame({c: v.astype(object) for c, v in zip(WORKSHOP_COLUMNS, data, strict=True)},
                        dtype=object)
