# The two commands of the README: `make run` (the whole system) and `make test` (the suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test services install demo cli bench clean

run: install
	$(BIN)/python -m ytempire.devstack

# Lint (pyflakes/pycodestyle), the architecture's import contracts (.importlinter), the suite on Redis,
# then the tests that exercise the broker (marked `broker`) again with RabbitMQ as the broker.
# Two pytest processes (pytest-xdist): each has its own database, Redis db and RabbitMQ vhost, and
# much of the suite waits on workers, ffmpeg and servers rather than on the CPU.
TEST_PROCESSES ?= 2

test: install services
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n $(TEST_PROCESSES)
	$(BIN)/python -m pytest -n $(TEST_PROCESSES) --broker=rabbitmq -m broker

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt requirements-static.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	$(BIN)/pip install -q --no-deps -r requirements-static.txt
	touch $@

services:
	bash scripts/ensure-services.sh

# The stack `make run` started: its URLs (var/devstack.env) and its secrets (var/secrets.env;
# OAuth tokens at rest are encrypted with a key derived from SECRET_KEY).
STACK_ENV = set -a; for f in var/devstack.env var/secrets.env; do [ ! -f $$f ] || . ./$$f; done; set +a;

demo: install
	@$(STACK_ENV) $(BIN)/flask --app wsgi demo

# Operator commands against the stack `make run` started: make cli ARGS="quota-status"
cli: install
	@$(STACK_ENV) $(BIN)/flask --app wsgi $(ARGS)

bench: install services
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) var
