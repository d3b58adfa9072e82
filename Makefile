# Two entry points: `make demo` and `make test`. Each creates or updates .venv itself.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.stamp-installed

.PHONY: demo test lint typecheck translations screenshots bench clean lock

# Installs exactly the locked versions, checked against their hashes (requirements/README.md).
$(STAMP): pyproject.toml requirements/dev.lock
	@bash scripts/ensure-system-deps.sh
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip
	@$(BIN)/python -m pip install -q --require-hashes -r requirements/dev.lock
	@$(BIN)/python -m pip install -q --no-deps -e .
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m desktop --demo

# Indonesian source -> English: lupdate over ui/ and desktop/, fill from the glossary, lrelease.
translations: $(STAMP)
	$(BIN)/python scripts/build_translations.py update release

# Offscreen PNGs of every main screen into docs/screenshots/ (starts its own demo server): every
# screen at 1366x705, the officer's, the desk's and the news screens again at 125 %, and the
# SP4N-LAPOR! screens (the demo with its emulator and bridge) at both.
screenshots: $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py
	QT_QPA_PLATFORM=offscreen QT_SCALE_FACTOR=1.25 $(BIN)/python scripts/screenshots.py \
	  --only officer,desk,news
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py --lapor
	QT_QPA_PLATFORM=offscreen QT_SCALE_FACTOR=1.25 $(BIN)/python scripts/screenshots.py --lapor

test: $(STAMP)
	@bash scripts/ensure-system-deps.sh
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# Re-resolve both locks from pyproject.toml (after changing a dependency); see requirements/README.md.
lock: $(STAMP)
	bash scripts/lock.sh
