# Two commands do everything: `make build` and `make test` (see README.md).
# Both first install what is missing: Debian packages (fonts, Pango) and a
# virtual environment with the pinned Python packages.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha256sum pyproject.toml | cut -c1-12)

.PHONY: setup build test lint clean

setup: $(STAMP)

$(STAMP): pyproject.toml scripts/setup-system.sh
	scripts/setup-system.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

build: setup
	$(BIN)/recovery-print build

test: setup
	$(BIN)/ruff check render tests bench
	$(BIN)/ruff format --check render tests bench
	$(BIN)/python -m pytest -n auto --dist loadgroup

clean:
	rm -rf output
