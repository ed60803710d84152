# Lectern: `make run` opens the app on the bundled vault, `make test` runs the tests.
# Python 3.12 where there is one: PySide6 6.12 leaks references on 3.11 (see viewer/ui/qtfix.py).
PY ?= $(shell sh .ci/find-python)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VAULT ?= notes

.PHONY: run test bench fuzz check syslibs clean package

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

# The packaged app (issue 13): dist/Lectern/ (launcher dist/Lectern/lectern) and
# dist/Lectern-<version>-linux-x86_64.tar.gz, built by PyInstaller (build.spec) in a venv of its
# own holding exactly the app's pins plus the `package` extra (packaging/pins.py); the source
# tree itself is what gets frozen. Needs objdump (binutils).
BUILD_VENV := .venv-build
BUILD_STAMP := $(BUILD_VENV)/.installed
VERSION = $(shell $(BUILD_VENV)/bin/python -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
ARCHIVE = dist/Lectern-$(VERSION)-linux-x86_64.tar.gz

$(BUILD_STAMP): pyproject.toml packaging/pins.py
	@test -x $(BUILD_VENV)/bin/python || $(PY) -m venv $(BUILD_VENV)
	$(BUILD_VENV)/bin/pip install -q --upgrade pip
	$(BUILD_VENV)/bin/python packaging/pins.py > $(BUILD_VENV)/pins.txt
	$(BUILD_VENV)/bin/pip install -q -r $(BUILD_VENV)/pins.txt
	@touch $@

package: $(BUILD_STAMP)
	@command -v objdump >/dev/null || { echo "PyInstaller needs objdump: sudo apt-get install binutils" >&2; exit 1; }
	$(BUILD_VENV)/bin/pyinstaller --noconfirm --log-level WARN build.spec
	rm -f dist/Lectern-*-linux-x86_64.tar.gz
	tar -C dist -czf $(ARCHIVE) Lectern
	@$(BUILD_VENV)/bin/python packaging/report.py dist/Lectern $(ARCHIVE)

clean:
	rm -rf $(VENV) $(BUILD_VENV) build dist *.egg-info
