# The two commands of the README. Each sets up what it needs on a fresh machine:
# a virtualenv with the Python dependencies, and Graphviz (`dot`) when it is missing.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test graphviz chromium install clean bench docs

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,docs]'
	touch $(STAMP)

install: $(STAMP)

# Graphviz: installed with apt-get when we are root; otherwise say how, and stop.
graphviz:
	@if command -v dot >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Graphviz (apt-get install -y graphviz)"; \
		(apt-get install -y -qq graphviz >/dev/null 2>&1 || \
		 (apt-get update -qq >/dev/null && apt-get install -y -qq graphviz >/dev/null)); \
	else \
		echo "Graphviz 'dot' is missing. Install it, then run make again:"; \
		echo "  sudo apt-get install -y graphviz    # Debian/Ubuntu"; \
		echo "  brew install graphviz               # macOS"; \
		exit 3; \
	fi

demo: $(STAMP) graphviz
	$(BIN)/archkb kb check
	$(BIN)/archkb render examples/*.yaml -o output -f svg,png,mermaid,dot
	@echo; echo "== diagrams written to output/:"; ls output
	@echo; echo '== archkb query "what triggers lambda"'
	$(BIN)/archkb query "what triggers lambda"
	@echo; echo "== archkb lint examples/*.yaml"
	$(BIN)/archkb lint examples/*.yaml
	@echo; echo "== archkb recommend --duration 40m --traffic steady"
	$(BIN)/archkb recommend --duration 40m --traffic steady

# Headless Chromium, for the test that searches the docs site in a browser. Installed when we
# are root; otherwise that one test says how to install it and is skipped.
chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Chromium for the docs search test (apt-get install -y chromium)"; \
		(apt-get install -y -qq chromium >/dev/null 2>&1 || \
		 (apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null)) || \
		echo "could not install chromium: the docs search test will be skipped"; \
	else \
		echo "chromium is missing: the docs search test will be skipped (sudo apt-get install -y chromium)"; \
	fi

test: $(STAMP) graphviz chromium
	$(BIN)/python -m pytest -q

# Regenerate the committed, generated docs (tests check they are current).
docs: $(STAMP) graphviz
	$(BIN)/python -m generator.clidoc README.md
	$(BIN)/archkb docs reference -o docs/kb-reference.md
	$(BIN)/archkb kb audit -o docs/kb-audit.md
	$(BIN)/python -m generator.lint.reference docs/rules.md
	$(BIN)/python -m generator.docs.asking docs/asking.md
	$(BIN)/python bench/corpus_report.py
	$(BIN)/archkb docs gallery examples -o docs/gallery --readme README.md
	$(BIN)/archkb docs build examples -o site

bench: $(STAMP) graphviz
	for b in bench/bench_*.py; do $(BIN)/python $$b; done

clean:
	rm -rf $(VENV) output/*.svg output/*.png output/*.pdf output/*.dot output/*.mmd site
