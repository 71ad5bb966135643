# Quick start on a fresh machine:  make site  (build site + handbook)  ·  make test  (every test)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve validate paths schemas system browser-system clean bench

$(STAMP): requirements.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -c constraints.txt
	touch $(STAMP)

system:
	@build_tools/setup_system.sh

browser-system:
	@build_tools/setup_system.sh --browser

site: $(STAMP) system
	$(PY) -m mkdocs build --strict --clean

validate: $(STAMP)
	$(PY) -m build_tools validate

serve: $(STAMP) system
	$(PY) -m mkdocs serve

paths: $(STAMP)
	$(PY) -m build_tools paths

schemas: $(STAMP)
	$(PY) -m build_tools schemas

test: $(STAMP) browser-system
	$(PY) -m pytest

clean:
	rm -rf site .cache
