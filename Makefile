# Machine Learning from First Principles — build and test.
# Everything is installed into .venv from PyPI; nothing else is needed but Python 3.11+ and make.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
JOBS   ?=

.PHONY: all pdf html test tangle check weave bench clean distclean venv

all: pdf html

# The venv is rebuilt when pyproject.toml changes. torch==2.13.0 is the CPU build (see pyproject).
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip setuptools wheel
	$(PY) -m pip install --quiet -e '.[book,test]'
	touch $(STAMP)

venv: $(STAMP)

tangle: $(STAMP)
	$(PY) build.py tangle

check: $(STAMP)
	$(PY) build.py check

weave: $(STAMP)
	$(PY) build.py weave $(if $(JOBS),--jobs $(JOBS))

pdf: $(STAMP)
	$(PY) build.py pdf $(if $(JOBS),--jobs $(JOBS))

html: $(STAMP)
	$(PY) build.py html $(if $(JOBS),--jobs $(JOBS))

# The whole suite: derivations, tangled code against reference libraries, and the build itself.
# pytest exits 5 when it collected no tests; that is reported and fails, never passes.
test: $(STAMP)
	$(PY) build.py tangle
	@$(PY) -m pytest -n auto -q; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests -- failing"; fi; \
	exit $$status

bench: $(STAMP)
	$(PY) -m benchmarks

clean:
	rm -rf build figures/[0-9]* figures/.*.tmp

distclean: clean
	rm -rf $(VENV) code/*.egg-info
