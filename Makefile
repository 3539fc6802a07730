# The two commands of the README: `make run` (the whole system) and `make test` (the suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test services install demo bench clean

run: install
	$(BIN)/python -m ytempire.devstack

test: install services
	$(BIN)/python -m pytest

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

services:
	bash scripts/ensure-services.sh

demo: install
	$(BIN)/flask --app wsgi demo

bench: install services
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) var
