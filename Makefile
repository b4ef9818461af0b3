# Shortcuts for atlas.sh, which installs into the project's own virtual environment (.venv).
# The README's two commands are `sh atlas.sh run` and `sh atlas.sh test`; these do the same.
VENV ?= .venv
PORT ?= 8501

.PHONY: run test serve load lint validate data messages

## Install into .venv and serve the app on the bundled data (works with no internet).
run:
	PORT=$(PORT) VENV=$(VENV) sh atlas.sh run

## Install the test extras (and Chromium when possible) and run the whole test suite.
test:
	VENV=$(VENV) sh atlas.sh test

## N app processes behind nginx on one port (N=2 by default; installs nginx when missing).
N ?= 2
serve:
	PORT=$(PORT) VENV=$(VENV) sh atlas.sh serve $(N)

## Many readers at once: the load generator's table for 1 … 100 readers (scripts/load/run.py).
load:
	$(VENV)/bin/python scripts/load/run.py

lint:
	$(VENV)/bin/python -m ruff check .
	$(VENV)/bin/python -m mypy

validate:
	$(VENV)/bin/python -m geo.validate data

## Rebuild data/*.geojson from ../shared/reference and facts/ (maintainers only).
data:
	$(VENV)/bin/python scripts/build_data.py
	$(VENV)/bin/python scripts/segment_status_rows.py

## Extract the interface strings into geo/locales/atlas.pot and merge them into each
## language's catalog (new strings arrive untranslated; tests/test_catalogs.py lists them).
messages:
	$(VENV)/bin/pybabel extract -F babel.cfg \
		--add-comments=Translators: --sort-by-file --project=kgtj-atlas -o geo/locales/atlas.pot .
	$(VENV)/bin/pybabel update -i geo/locales/atlas.pot -d geo/locales -D atlas --no-fuzzy-matching
