# Lectern: `make run` opens the app on the bundled vault, `make test` runs the tests.
# Python 3.12 where there is one: PySide6 6.12 leaks references on 3.11 (see viewer/ui/qtfix.py).
PY ?= $(shell sh .ci/find-python)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VAULT ?= notes

.PHONY: run test bench fuzz check syslibs clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $(STAMP)

# Qt needs a few system libraries; say exactly what to install when one is missing.
syslibs: $(STAMP)
	@$(BIN)/python -m viewer.syscheck

run: syslibs
	$(BIN)/lectern $(VAULT)

test: syslibs
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m bench

# Property-based campaign over parse + render + index (issue 12); FUZZ_CASES=1000 for a short run.
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz --cases $(or $(FUZZ_CASES),100000)

check: $(STAMP)
	$(BIN)/lectern check $(VAULT)

clean:
	rm -rf $(VENV) build dist *.egg-info
