# Peer Support Network: `make run` starts the system, `make test` runs every test.
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
SERVICES := identity training sessions notifications web
WEB_ASSETS := services/web/src/web/static/nhsuk/nhsuk-frontend.min.css

export DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
export AMQP_URL ?= amqp://guest:guest@127.0.0.1:5672//

.PHONY: install constraints run test e2e bench demo lint openapi messages board-report

install: $(VENV)/.installed $(WEB_ASSETS)

PROJECT := -e "shared[testing]" $(foreach s,$(SERVICES),-e services/$(s)) -e deploy/local -e "tools/psn_reports[testing]" ruff

$(VENV)/.installed: constraints.txt shared/pyproject.toml $(foreach s,$(SERVICES),services/$(s)/pyproject.toml) deploy/local/pyproject.toml tools/psn_reports/pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -c constraints.txt $(PROJECT)
	touch $@

# constraints.txt afresh: the newest releases the pyproject files allow, installed in a scratch venv.
constraints:
	rm -rf .venv-constraints && python3 -m venv .venv-constraints
	.venv-constraints/bin/pip install -q --upgrade pip
	.venv-constraints/bin/pip install -q $(PROJECT)
	{ sed -n '/^#/p' constraints.txt; .venv-constraints/bin/pip freeze --exclude-editable; } > constraints.new
	mv constraints.new constraints.txt && rm -rf .venv-constraints

# The web front end's NHS.UK design system, from npm (package-lock.json), copied into its static folder.
$(WEB_ASSETS): services/web/package-lock.json services/web/tools/build_assets.py | $(VENV)/.installed
	cd services/web && npm ci --no-audit --no-fund --loglevel=error
	$(PY) services/web/tools/build_assets.py

# The whole system on this machine: SQLite files under var/ unless PSN_POSTGRES_URL names a server.
run: install
	$(PY) -m psn_local

# Two steps: the tests that share nothing run on TEST_WORKERS processes side by side (pytest-xdist;
# each process isolates its databases and queues by its own run id), then the end-to-end and fault
# tests one at a time, since a fault test stops the broker or the database that every test uses.
TEST_WORKERS ?= 2
test: install
	$(PY) -m pytest -q -n $(TEST_WORKERS) -m "not e2e and not fault"
	$(PY) -m pytest -q -m "e2e or fault"

e2e: install
	$(PY) -m pytest -q tests/e2e

bench: install
	$(PY) bench/run.py

demo: install
	$(PY) deploy/local/demo.py

# The board's quarterly evaluation report (PDF and CSV) from the running services: make board-report QUARTER=2026Q4
board-report: install
	$(PY) -m psn_reports --quarter $(QUARTER)

# Rewrite docs/openapi/*.json after an API change (a test fails while they are stale).
openapi: install
	$(PY) tests/contract/openapi.py

# Extract notifications' and the web front end's messages into each one's translations/messages.pot and merge
# them into each language's .po (new ones arrive untranslated, changed ones fuzzy; a test fails until they are
# translated).
messages: install
	$(PY) -m notifications.adapters.catalogues
	$(PY) -m web.catalogues

lint: install
	$(VENV)/bin/ruff check .
