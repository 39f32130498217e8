# Thin entries: set up .venv once, then hand over to invoke (tasks.py).
PYTHON ?= python3
PORT ?= 8000
# make html V=1 / make serve V=1: every step and every written file, not only the summary.
V ?=
VENV := .venv
STAMP := $(VENV)/.installed
INVOKE := $(VENV)/bin/invoke

.PHONY: setup serve html test check clean

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

setup: $(STAMP)

serve: $(STAMP)
	$(INVOKE) serve --port $(PORT)$(if $(V), --verbose)

html: $(STAMP)
	$(INVOKE) build$(if $(V), --verbose)

test: $(STAMP)
	$(INVOKE) test

check: $(STAMP)
	$(INVOKE) check

clean:
	rm -rf output .cache $(VENV) node_modules
