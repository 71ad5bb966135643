# Quick start on a fresh machine:  make site  (build site + handbook)  ·  make test  (every test)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve validate paths schemas urls offline system browser-system clean bench

$(STAMP): requirements.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -c constraints.txt
	touch $(STAMP)

system:
	@build_tools/setup_system.sh

browser-system:
	@build_tools/setup_system.sh --browser

# Test tools from the npm registry (the Nu HTML checker), exact versions in package-lock.json.
# --ignore-scripts: vnu-jar's install script would download a Java runtime; the system one is used.
NPM_STAMP := node_modules/.installed
$(NPM_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && \
	  echo "Installing system package: npm" && $$([ "$$(id -u)" -eq 0 ] || echo sudo) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$([ "$$(id -u)" -eq 0 ] || echo sudo) apt-get install -y -qq --no-install-recommends npm >/dev/null; } || \
	  { echo "npm is missing: install Node.js and npm, then run make again." >&2; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

# The clinic edition: make site CLINIC=clinic.example.yml (any clinic file; see that example).
# Without CLINIC, KB_CLINIC_FILE or extra.clinic_file in mkdocs.yml, the generic edition.
CLINIC ?=
WITH_CLINIC := $(if $(CLINIC),KB_CLINIC_FILE="$(CLINIC)" ,)

site: $(STAMP) system
	$(WITH_CLINIC)$(PY) -m mkdocs build --strict --clean
	$(WITH_CLINIC)$(PY) -m build_tools offline --site site

# Only the offline copy (site/downloads/offline.zip), from an already built site/.
offline: $(STAMP) system
	$(WITH_CLINIC)$(PY) -m build_tools offline --site site

# Add new pages to published-urls.txt (permanent links; commit the file).
urls: $(STAMP) system
	$(PY) -m build_tools urls --update

validate: $(STAMP)
	$(PY) -m build_tools validate

serve: $(STAMP) system
	KB_SKIP_PDF=1 $(WITH_CLINIC)$(PY) -m mkdocs serve  # PDFs: `make site`

paths: $(STAMP)
	$(PY) -m build_tools paths

schemas: $(STAMP)
	$(PY) -m build_tools schemas

test: $(STAMP) browser-system $(NPM_STAMP)
	$(PY) -m pytest

clean:
	rm -rf site .cache node_modules

# Performance benchmark (not part of `make test`; see benchmarks/README.md). Writes
# benchmarks/results/latest.json and docs/guides/performance.md. Larger run, e.g.:
#   make bench SIZES="1000 5000 10000"
SIZES ?= 500 1000 2000
RUNS  ?= 3
bench: $(STAMP) system
	$(PY) benchmarks/run.py --sizes "$(SIZES)" --runs $(RUNS)
