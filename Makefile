# Two commands do all set-up on a fresh machine:
#   make demo   installs Renja into .venv, prepares the SQLite database with the demo data and serves it
#   make test   installs Renja with its test tools into .venv and runs every test
VENV ?= .venv
PYTHON ?= python3
BIN = $(VENV)/bin

.PHONY: demo test install

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

demo: $(BIN)/.installed
	$(BIN)/renja demo

test: $(BIN)/.installed
	$(BIN)/pytest
