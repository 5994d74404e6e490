# techkg: `make demo` builds the graph of seeds/ into exports/; `make test` runs the test suite.
# Both create the virtual environment .venv and install into it on first use.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-test bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "techkg needs Python >= 3.11; set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# The graph's build time is the last commit of seeds/ (reproducible builds): an
# unchanged checkout rebuilds exports/ byte for byte.
demo: $(VENV)/.installed
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct -- seeds 2>/dev/null) $(BIN)/kg build seeds/ -o exports/

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q

bench: $(VENV)/.installed-test
	$(BIN)/python bench/bench_build.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
