# Two commands do all the set-up: `make run` opens the app, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run demo test check bench messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/facilitator

demo: $(STAMP)
	$(BIN)/facilitator demo

test: $(STAMP)
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/ruff check facilitator tests bench tools
	$(BIN)/ruff format --check facilitator tests bench tools
	$(BIN)/mypy
	$(BIN)/python tools/messages.py --check

# After changing any text the app shows: collect the messages, update the Latvian
# catalogue (new ones untranslated), compile it for the app.
messages: $(STAMP)
	$(BIN)/python tools/messages.py

bench: $(STAMP)
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/agendas.py
	$(BIN)/python bench/timer.py
	$(BIN)/python bench/capture.py
	$(BIN)/python bench/export.py
	$(BIN)/python bench/history.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
