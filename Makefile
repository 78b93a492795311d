# Two commands do all the set-up: `make run` opens the app, `make test` runs every test.
# Both install exactly what requirements-dev.lock names (versions and hashes) into .venv,
# with nothing but python3 and make on the machine; `make lock` renews the lock.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
# The tool that writes the locks, kept out of .venv (so .venv holds the lock and nothing
# else) and only needed by `make lock`; installing from the locks needs only pip.
UV_VERSION := 0.13.9
LOCKER := $(VENV)/lock-tool
UV := $(LOCKER)/bin/uv
LOCK_FLAGS := --universal --python-version 3.11 --generate-hashes --quiet \
	--custom-compile-command "make lock"

.PHONY: run demo test check bench messages lock mutants clean

# A changed lock or pyproject builds .venv anew, so nothing the lock no longer names stays.
$(STAMP): pyproject.toml $(DEV_LOCK)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(DEV_LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --no-index -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/facilitator

demo: $(STAMP)
	$(BIN)/facilitator demo

# Four workers on two cores: the UI and tmux tests mostly wait for the screen (serially the
# suite used 2.6 CPU minutes in 6.5 minutes), so more workers than cores pay.
TEST_WORKERS ?= 4
test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

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
	$(BIN)/python bench/room.py

# After changing a dependency in pyproject.toml, or to take newer releases: writes both
# locks from pyproject's ranges (newest versions that fit, for every platform and Python
# 3.11+). Then `make test` (it rebuilds .venv from the new lock) and commit the locks.
lock: $(UV)
	$(UV) pip compile pyproject.toml --extra test --extra mutation $(LOCK_FLAGS) -o $(DEV_LOCK)
	$(UV) pip compile pyproject.toml -c $(DEV_LOCK) $(LOCK_FLAGS) -o $(LOCK)

$(UV):
	$(PYTHON) -m venv $(LOCKER)
	$(LOCKER)/bin/python -m pip install --quiet uv==$(UV_VERSION)

# Mutation testing of the core (slow: tens of minutes; see tools/mutants.md).
mutants: $(STAMP)
	$(BIN)/mutmut run --max-children 1
	$(BIN)/mutmut results

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis mutants
