# Every target creates the virtualenv .venv on first use from requirements-dev.txt.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
COLLECTION_LINK := $(VENV)/collections/ansible_collections/racefree/ops
# The newest ansible-core needs Python 3.12 or newer; requirements-newest.txt pins it.
PYTHON_NEWEST ?= $(firstword $(wildcard /root/.pyenv/versions/3.12.*/bin/python3.12) python3.12)
VENV_NEWEST := .venv-newest
STAMP_NEWEST := $(VENV_NEWEST)/.installed

# Tools write caches and temporary files inside the checkout, never into $HOME.
export XDG_CACHE_HOME := $(CURDIR)/.cache
export ANSIBLE_CONFIG := $(CURDIR)/ansible.cfg
export ANSIBLE_HOME := $(CURDIR)/.cache/ansible-home
# Async tasks keep their job files here instead of ~/.ansible_async.
export ANSIBLE_ASYNC_DIR := $(CURDIR)/.cache/ansible-async
export AWS_EC2_METADATA_DISABLED := true

.PHONY: venv venv-newest test test-unit test-integration test-newest sanity demo bench lint clean

venv: $(STAMP)

$(STAMP): requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	mkdir -p $(dir $(COLLECTION_LINK))
	ln -sfn $(CURDIR) $(COLLECTION_LINK)
	mkdir -p $(ANSIBLE_HOME)
	touch $@

venv-newest: $(STAMP_NEWEST)

$(STAMP_NEWEST): requirements-newest.txt
	$(PYTHON_NEWEST) -m venv $(VENV_NEWEST)
	$(VENV_NEWEST)/bin/pip install --quiet --upgrade pip
	$(VENV_NEWEST)/bin/pip install --quiet -r requirements-newest.txt
	touch $@

# Unit, simulator and integration tests, the molecule scenarios, ansible-test sanity and
# units, ansible-lint, the build and install, the changelog, and the smoke tests with the
# newest ansible-core (tests/gates).
test: venv venv-newest
	$(BIN)/python -m pytest -n 4 --durations=10

# ansible-test on a copy of the collection, offline; for example
# make sanity ANSIBLE_TEST_ARGS="sanity --test pylint"
ANSIBLE_TEST_ARGS ?= sanity
sanity: venv
	$(BIN)/python -m tests.gates.ansible_test $(ANSIBLE_TEST_ARGS)

test-newest: venv venv-newest
	$(BIN)/python -m pytest tests/gates/test_newest_core.py

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
	rm -rf $(VENV) $(VENV_NEWEST) .cache .pytest_cache
