# techkg: `make demo` builds the graph of seeds/ into exports/; `make test` runs the test suite.
# Both create the virtual environment .venv and install into it on first use.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-test bench eval clean chromium

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
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct -- seeds 2>/dev/null) $(BIN)/kg build seeds/ -o exports/ --store .techkg/seeds --prune \
		--format turtle --format trig --format nquads --format jsonld --format graphml --format csv --format html

# The HTML view is tested in headless Chromium: installed from Debian's registry when missing and
# possible (root, apt-get); elsewhere the browser tests skip and say why.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
				|| echo "warning: could not install chromium; the browser tests will be skipped"; \
		else echo "note: chromium is missing and cannot be installed here (needs root and apt-get); the browser tests will be skipped"; fi; }

test: $(VENV)/.installed-test chromium
	$(BIN)/python -m pytest -q

bench: $(VENV)/.installed-test
	$(BIN)/python bench/bench_build.py
	$(BIN)/python bench/bench_speed.py
	$(BIN)/python bench/bench_stream.py
	$(BIN)/python bench/bench_scale.py
	$(BIN)/python bench/bench_link.py
	$(BIN)/python bench/bench_store.py
	$(BIN)/python bench/bench_incremental.py
	$(BIN)/python bench/bench_html.py

# Precision and recall on labelled data kept outside the repository (EVAL_DIR, the
# layout of ../shared/eval): score.py end to end, then kg eval's calibration table.
EVAL_DIR ?= ../shared/eval
eval: $(VENV)/.installed
	python3 scripts/eval_leak.py $(EVAL_DIR)
	python3 $(EVAL_DIR)/score.py --cmd "$(BIN)/kg extract --format jsonl" \
		--seed-gold $(EVAL_DIR)/seed/gold.json --seed-text seeds/000_bb1140d7c5ae393e.txt \
		$(wildcard $(EVAL_DIR)/*/dev.jsonl)
	@for f in $(wildcard $(EVAL_DIR)/*/dev.jsonl); do echo "== $$f"; \
		$(BIN)/kg eval $$f --show 0 --by-extractor | sed -n '/^confidence/,$$p'; done
	@for k in tests/data/crossdoc/key.json tests/data/crossdoc_heldout/key.json; do echo "== $$k (resolution)"; \
		$(BIN)/kg eval $$k --show 0; done

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
