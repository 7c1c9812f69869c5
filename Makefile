# The two commands of the README: `make run` and `make test`. Both bootstrap the machine first
# (virtual environment, Debian packages, PostgreSQL and Redis: see scripts/bootstrap).
SHELL := /bin/bash
PY := .venv/bin/python
MANAGE := $(PY) manage.py
SERVICES := . var/services.env

.PHONY: run test faults deployment reliability bench bench-compare audit backup restore bootstrap lint messages clean-services guide

run:
	@scripts/bootstrap
	@$(SERVICES) && $(MANAGE) migrate --noinput -v 0 \
	  && $(MANAGE) load_reference_data && $(MANAGE) seed_demo \
	  && DJANGO_SETTINGS_MODULE=ocop_portal.settings $(PY) -c "import django; django.setup(); import scripts.banner" \
	  && exec .venv/bin/honcho --no-colour -f Procfile start

test:
	@scripts/bootstrap --test
	@$(SERVICES) && scripts/test

# Only the fault and multi-node tests (also part of `make test`): private PostgreSQL and Redis
# are stopped and restarted, a Celery worker is killed mid-report, gunicorn gets SIGTERM.
faults:
	@scripts/bootstrap --test
	@$(SERVICES) && OCOP_ENV=test .venv/bin/python -m pytest -m faults tests/faults tests/multinode

# The user guide: the browser journeys take each role's screenshots on demo data into
# guide/static/guide/shots (commit them), then every manual is written as PDF to var/guide/.
guide:
	@scripts/bootstrap --test
	@$(SERVICES) && GUIDE_SHOTS_DIR=$(CURDIR)/guide/static/guide/shots OCOP_ENV=test \
	  .venv/bin/python -m pytest -q -p no:randomly tests/browser/test_guide_journeys.py \
	  && OCOP_ENV=test $(MANAGE) build_guide

# A backup of the database, media and private files, with checksums, under var/backups/
# (BACKUP_DIR=… elsewhere, KEEP=n to keep only the newest n). See README, "Backups".
backup:
	@[ -n "$$DATABASE_URL" ] || $(SERVICES); $(MANAGE) backup --output "$${BACKUP_DIR:-var/backups}" --keep "$${KEEP:-0}"

# Restore BACKUP=var/backups/ocop-… into an empty database (DATABASE_URL, else the one of
# var/services.env; created when missing)
# and empty MEDIA_ROOT / PRIVATE_FILES_ROOT, then compare every row count and file checksum.
restore:
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=var/backups/ocop-YYYYMMDDTHHMMSSZ"; exit 2; }
	@[ -n "$$DATABASE_URL" ] || $(SERVICES); $(MANAGE) restore "$(BACKUP)"

# Only the production-mode and backup tests (also part of `make test`, a few minutes): the portal
# under production settings behind the repository's nginx over TLS; a backup restored.
deployment:
	@scripts/bootstrap --test
	@$(SERVICES) && OCOP_ENV=test .venv/bin/python -m pytest -m deployment tests/deployment

# The README's reliability table from the last `make test` (its JUnit report).
reliability:
	@$(PY) scripts/reliability.py --results var/test-results.xml

# Known vulnerabilities in the installed Python packages (also part of `make test`).
audit:
	@scripts/bootstrap --test
	@$(PY) scripts/audit.py

# Benchmark at the national size and ten times it (the data sets are built once, about half an
# hour on 2 cores, then reused; a run takes about 10 minutes): see README, "Performance and
# reliability".
bench:
	@scripts/bootstrap --test
	@$(SERVICES) && $(PY) scripts/bench.py

# The benchmark's pages on the code at REV and on this checkout, in one run on the same data
# (the national size, built once per REV; about 15 minutes with BENCH_SECONDS=6):
# see README, "Rulebook: before and after". The default REV is main's last commit before the
# rulebook (issue #12: role groups in accounts/roles.py, policies in accounts/policy.py).
REV ?= f56e13b17a9c86829a82f2c9ef1f6791a4f247fc
bench-compare:
	@scripts/bootstrap --test
	@$(SERVICES) && $(PY) scripts/bench.py --compare $(REV)

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

# Refresh the Vietnamese catalogue after changing user-facing strings (needs gettext).
messages:
	$(MANAGE) makemessages -l vi -l en --ignore=.venv --ignore=var --ignore=static
	$(MANAGE) compilemessages --ignore=.venv

# Stop the private PostgreSQL and Redis that scripts/services.py may have started under var/.
clean-services:
	-[ -f var/redis/redis.pid ] && kill $$(cat var/redis/redis.pid)
	-[ -d var/pg/data ] && runuser -u postgres -- /usr/lib/postgresql/*/bin/pg_ctl -D var/pg/data stop
