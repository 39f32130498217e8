# Thin entries: set up .venv once, then hand over to invoke (tasks.py).
PYTHON ?= python3
PORT ?= 8000
# make html V=1 / make serve V=1: every step and every written file, not only the summary.
V ?=
VENV := .venv
STAMP := $(VENV)/.installed
# npm packages (the web editor's bundle, test tools), installed as package-lock.json pins them.
NPM_STAMP := node_modules/.package-lock.json
INVOKE := $(VENV)/bin/invoke

.PHONY: setup serve edit html test check clean

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

setup: $(STAMP)

# Without Node.js the preview still works, without the web editor (plugins/admin says so once).
$(NPM_STAMP): package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund; \
	else echo "Let op: Node.js (npm) is niet geïnstalleerd: de preview werkt, maar zonder de webeditor (/admin/)."; fi

serve: $(STAMP) $(NPM_STAMP)
	$(INVOKE) serve --port $(PORT)$(if $(V), --verbose)

# The preview plus the web editor on http://127.0.0.1:$(PORT)/admin/ (its local backend on 127.0.0.1).
edit: $(STAMP) $(NPM_STAMP)
	$(INVOKE) edit --port $(PORT)

html: $(STAMP) $(NPM_STAMP)
	$(INVOKE) build$(if $(V), --verbose)

test: $(STAMP) $(NPM_STAMP)
	$(INVOKE) test

check: $(STAMP) $(NPM_STAMP)
	$(INVOKE) check

clean:
	rm -rf output .cache $(VENV) node_modules
