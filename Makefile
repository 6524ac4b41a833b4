# Two commands from a fresh clone: `make run` (set up, build the sample database if there is
# none, serve the dashboard) and `make test` (set up, run every test).
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
DB      ?= $(or $(ICT_RESPONSE_DB),data/ict_response.duckdb)
PORT    ?= 8501

.PHONY: run test fuzz lint db chromium bench screenshots clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

# Debian's Chromium: the browser tests drive it, and server-side chart images need it.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium (needs root)…"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }

# Build from the embedded sample only when there is no database yet: never over a user's data.
db: $(STAMP)
	@test -f "$(DB)" || $(PY) -m ict_response build --sample --db "$(DB)"

run: $(STAMP) chromium db
	ICT_RESPONSE_DB="$(DB)" $(PY) -m streamlit run dashboard.py --server.port $(PORT)

lint: $(STAMP)
	$(PY) -m ruff check .

test: $(STAMP) chromium
	$(PY) -m ruff check .
	$(PY) -m pytest -q

# The property tests with fresh random examples, EXAMPLES per test (run it for as long as you
# like: `make fuzz EXAMPLES=5000`); `make test` runs fixed ones. A failure prints the example:
# add it to the test as @example(...) so that every `make test` checks it, then fix the code.
EXAMPLES ?= 1000
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz ICT_RESPONSE_FUZZ_EXAMPLES=$(EXAMPLES) $(PY) -m pytest -q -m hypothesis

# Real-browser test of the served app; leaves a screenshot of each page in test-output/screenshots/.
screenshots: $(STAMP) chromium
	$(PY) -m pytest -q tests/test_browser.py

# Benchmark at 10k, 100k and 1M cases: build, every named query (runner, raw DuckDB, pandas), every page,
# memory across filter changes; prints a table and writes bench/results.json. Never fails
# on a slow machine. `make bench SIZES=10000,100000` for a shorter run.
SIZES   ?= 10000,100000,1000000
bench: $(STAMP)
	$(PY) bench/run.py --sizes $(SIZES) --targets

clean:
	rm -rf $(VENV) .pytest_cache test-output
