# The two commands: `make run` and `make test`. Everything else is a helper for them.
PORT ?= 8000
# pytest-xdist processes, each with its own test database; a test file stays in one process.
TEST_WORKERS ?= auto
PY := .venv/bin/python
export UV_PYTHON_DOWNLOADS := never

.PHONY: run test setup lint check-migrations bench bench-dashboards bench-imports clean backup restore

setup:
	@bin/bootstrap requirements/dev.txt

run: setup
	@mkdir -p var
	@$(PY) manage.py migrate --noinput -v0
	@$(PY) manage.py load_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl-C stops it)"
	@$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: setup
	@$(PY) -m ruff check .
	@$(PY) -m ruff format --check .
	@$(PY) -m mypy
	@mkdir -p var && .venv/bin/lint-imports --no-cache > var/lint-imports.txt 2>&1 || (cat var/lint-imports.txt && exit 1)
	@echo "Import layers kept (pyproject.toml, [tool.importlinter])"
	@$(PY) -m djlint templates --lint --quiet

check-migrations: setup
	@DJANGO_SETTINGS_MODULE=fht.settings.test $(PY) manage.py makemigrations --check --dry-run -v0 \
		|| (echo "Models changed without a migration: run manage.py makemigrations" && exit 1)

test: setup lint check-migrations
	@$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# A backup of the database and private files into var/backups (BACKUP_ARGS="--keep 7" and the
# like), and a restore of one into a new database and folder (README, "Backups"):
#   make restore BACKUP=var/backups/fht-backup-... DATABASE=var/restored.sqlite3 MEDIA=var/restored
backup: setup
	@$(PY) manage.py backup $(BACKUP_ARGS)

restore: setup
	@$(PY) manage.py restore "$(BACKUP)" --database "$(DATABASE)" --media-root "$(MEDIA)" $(RESTORE_ARGS)

# The GIAS import on a 60 MB, 50,000-row extract (bench/imports/run.py): seconds and peak memory.
bench-imports: setup
	@mkdir -p var
	@$(PY) bench/imports/run.py $(BENCH_ARGS)

clean:
	rm -rf .venv var .pytest_cache .ruff_cache .mypy_cache

bench: setup
	@mkdir -p var
	@$(PY) bench/run.py

# The dashboards on PostgreSQL, gunicorn and locust (bench/dashboards/run.py; BENCH_ARGS="--reuse"
# keeps the built data). Installs requirements/bench.txt (the dev set and locust) into .venv;
# `make setup` returns it to the dev set.
bench-dashboards:
	@bin/bootstrap requirements/bench.txt
	@mkdir -p var
	@$(PY) bench/dashboards/run.py $(BENCH_ARGS)
