# One command per task. `make run` and `make test` install what they need first.
PYTHON ?= python3
PORT ?= 8501

.PHONY: install install-test run test lint data validate

install:
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -e .

install-test:
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -e ".[test]"

## Install and serve the app on the bundled data (works with no internet).
run: install
	$(PYTHON) -m streamlit run app.py --server.port $(PORT)

## Install and run the whole test suite (browser tests run when Chromium is installed).
test: install-test
	$(PYTHON) -m ruff check .
	$(PYTHON) -m geo.validate data
	$(PYTHON) -m pytest

lint:
	$(PYTHON) -m ruff check .

validate:
	$(PYTHON) -m geo.validate data

## Rebuild data/*.geojson from ../shared/reference and facts/ (maintainers only).
data:
	$(PYTHON) scripts/build_data.py
	$(PYTHON) scripts/segment_status_rows.py
