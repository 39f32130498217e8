# Thin entries: set up .venv once, then hand over to invoke (tasks.py).
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
STAMP := $(VENV)/.installed
INVOKE := $(VENV)/bin/invoke

.PHONY: serve html test check clean

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

serve: $(STAMP)
	$(INVOKE) serve --port $(PORT)

html: $(STAMP)
	$(INVOKE) build

test: $(STAMP)
	$(INVOKE) test

check: $(STAMP)
	$(INVOKE) check

clean:
	rm -rf output .cache $(VENV) node_modules
