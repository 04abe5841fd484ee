# psmbot: `make run` starts the bot with the browser simulator, `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes side by side (pytest-xdist); TEST_WORKERS=0 runs the suite in this process.
TEST_WORKERS ?= auto

.PHONY: run test lint format lock check-system clean

# Exact versions from requirements.lock (CI installs the same); pyproject.toml keeps the ranges.
$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "psmbot needs Python 3.11 or newer (found: $$($(PYTHON) --version 2>&1))."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

run: $(STAMP) check-system
	$(BIN)/psmbot db upgrade
	$(BIN)/psmbot demo seed --if-empty
	$(BIN)/psmbot serve --host $(HOST) --port $(PORT)

# The system libraries the PDF report needs (Pango); says what to install when they are missing.
check-system: $(STAMP)
	@$(BIN)/python -m bot.system_check

test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# After changing the dependencies in pyproject.toml: resolve them again into requirements.lock.
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet "uv>=0.4,<1"
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		-o requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
