# Every target creates the virtualenv .venv on first use from requirements-dev.txt.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
COLLECTION_LINK := $(VENV)/collections/ansible_collections/racefree/ops

# Tools write caches and temporary files inside the checkout, never into $HOME.
export XDG_CACHE_HOME := $(CURDIR)/.cache
export ANSIBLE_CONFIG := $(CURDIR)/ansible.cfg
export ANSIBLE_HOME := $(CURDIR)/.cache/ansible-home
export AWS_EC2_METADATA_DISABLED := true

.PHONY: venv test test-unit test-integration demo bench lint clean

venv: $(STAMP)

$(STAMP): requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	mkdir -p $(dir $(COLLECTION_LINK))
	ln -sfn $(CURDIR) $(COLLECTION_LINK)
	mkdir -p $(ANSIBLE_HOME)
	touch $@

test: venv
	$(BIN)/python -m pytest -n 4 --durations=10

test-unit: venv
	$(BIN)/python -m pytest tests/unit tests/awssim

test-integration: venv
	$(BIN)/python -m pytest tests/integration

demo: venv
	$(BIN)/python -m demo

# Benchmarks take about 15 minutes and rewrite docs/benchmarks.md; make test never runs them.
bench: venv
	$(BIN)/python -m bench

lint: venv
	$(BIN)/ansible-lint --offline

clean:
	rm -rf $(VENV) .cache .pytest_cache
