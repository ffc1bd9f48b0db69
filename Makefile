# framing — the two commands: `make demo` and `make test` (plus `make lab`).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
OUT    ?= out
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: demo test lab lint bench clean

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "framing needs Python >= 3.11 (set PYTHON=python3.11)")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall when the package definition changes.
$(VENV)/.demo-installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.test-installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $@ $(VENV)/.demo-installed

demo: $(VENV)/.demo-installed
	$(PY) -m framing.demo --out $(OUT)

test: $(VENV)/.test-installed
	$(VENV)/bin/ruff check framing tests benchmarks
	$(VENV)/bin/mypy
	$(PY) -m pytest

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check framing tests benchmarks
	$(VENV)/bin/ruff format --check framing tests benchmarks

lab: $(VENV)/.demo-installed
	$(VENV)/bin/jupyter lab notebooks $(ALLOW_ROOT)

bench: $(VENV)/.demo-installed
	$(PY) benchmarks/bench_score.py

clean:
	rm -rf $(OUT) build *.egg-info .pytest_cache
