# Two commands do everything: `make build` and `make test` (see README.md).
# Both first install what is missing: Debian packages (fonts, Pango) and a
# virtual environment with the pinned Python packages (installed by uv: a third of pip's time).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml scripts/pdfcpu/package-lock.json | sha256sum | cut -c1-12)

.PHONY: setup build test docs lint clean pictures

setup: $(STAMP)

$(STAMP): pyproject.toml scripts/setup-system.sh scripts/pdfcpu/package-lock.json
	scripts/setup-system.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.10
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -e '.[test]' \
	  || $(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'  # (pip's own indexes)
	cd scripts/pdfcpu && npm ci --silent --no-audit --no-fund
	rm -f $(VENV)/.installed-*
	touch $@

build: setup
	$(BIN)/recovery-print build

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m compileall -q render tests  # (each test process would compile them again: PYTHONDONTWRITEBYTECODE)
	$(BIN)/python -m pytest -n auto --dist loadgroup --durations=30
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet  # the guides: a broken link or anchor fails

# The guides as a site, rebuilt as they are edited.
docs: setup
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8001

# After a deliberate change to the look: make the reference pictures of tests/products/ again.
pictures: setup
	UPDATE_PICTURES=1 $(BIN)/python -m pytest -n auto --dist loadgroup tests/products/test_pictures.py

clean:
	rm -rf output
