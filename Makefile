# jobintel — `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV ?= $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
PY := $(UV) run --frozen
PYTEST_ARGS ?=

.PHONY: help
help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

.PHONY: uv
uv: ## Install uv if it is missing
	@command -v $(UV) >/dev/null 2>&1 || python3 -m pip install --user --quiet uv

.PHONY: install
install: uv ## Install every package and dev tool into .venv (from uv.lock)
	$(UV) sync --frozen --all-packages

.PHONY: run
run: install ## Set up and run the whole product on http://127.0.0.1:8000
	$(PY) jobintel up

.PHONY: demo
demo: ## Submit the sample master CV and postings to a running stack
	$(PY) jobintel demo

.PHONY: system-deps
system-deps: ## Install Chromium (browser tests) from Debian if missing and we may
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing chromium from Debian…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing and cannot be installed here: browser tests will say so"; fi; }

.PHONY: test
test: install system-deps ## Run every test (unit, integration, e2e, browser)
	$(PY) pytest $(PYTEST_ARGS)

.PHONY: test-unit
test-unit: install ## Run the fast in-memory tests only
	$(PY) pytest -m unit $(PYTEST_ARGS)

.PHONY: lint
lint: install ## ruff (lint + format) on everything, mypy --strict on every package's source
	$(PY) ruff check .
	$(PY) ruff format --check .
	$(PY) mypy libs/*/src services/*/src

.PHONY: format
format: install ## Format the code
	$(PY) ruff format .
	$(PY) ruff check --fix .

.PHONY: contracts
contracts: install ## Export JSON Schemas of every event and each service's AsyncAPI into docs/
	$(PY) jobintel contracts --out docs

.PHONY: bench
bench: install ## Run the benchmarks (speed and memory targets)
	$(PY) pytest benchmarks --benchmark-only -s $(PYTEST_ARGS)

.PHONY: eval
eval: install ## Measure JD structuring on the labelled set and the truth gate on its suite
	$(PY) python -m jobintel.annotation.eval
	$(PY) python -m jobintel.truth.eval
	$(PY) python -m jobintel.cv_generator.gate_eval
