# syntax=docker/dockerfile:1
# The production image: gunicorn serving fht.wsgi, static files collected at build time and served
# by whitenoise. The same image runs the Celery worker and beat (see docker-compose.yml).
# Configuration comes only from the environment at run time; nothing secret is baked in.

ARG PYTHON_IMAGE=python:3.12-slim-bookworm

# --- build: the pinned dependencies into a virtualenv -------------------------------------------
FROM ${PYTHON_IMAGE} AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN python -m venv /opt/venv
COPY requirements/base.txt /tmp/requirements.txt
# Every package is hash-pinned and available as a wheel: no compiler is needed.
RUN /opt/venv/bin/pip install --require-hashes --only-binary=:all: -r /tmp/requirements.txt

# --- assets: the front-end build (GOV.UK Frontend, htmx) into static/build/ -----------------------
FROM node:22-bookworm-slim AS assets

WORKDIR /build
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY bin/ bin/
COPY static/ static/
RUN node bin/build-assets.mjs

# --- run -----------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS run

# WeasyPrint's system libraries (pango, harfbuzz and its subsetter, fontconfig) and one font family.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        libfontconfig1 \
        fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 fht \
    && useradd --system --uid 10001 --gid fht --home-dir /srv/fht --shell /usr/sbin/nologin fht

ENV PATH="/opt/venv/bin:${PATH}" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=fht.settings.production \
    STATIC_ROOT=/srv/fht/static \
    MEDIA_ROOT=/srv/fht/private

COPY --from=build /opt/venv /opt/venv

WORKDIR /srv/fht/app
COPY --chown=root:root . .
COPY --from=assets /build/static/build ./static/build

# Collect static files (the built assets included) with build-only placeholder values: they exist
# for this one command and are not kept in the image. Settings are only parsed; nothing connects.
RUN SECRET_KEY="build-only-placeholder-not-a-secret-0123456789abcdefghijklmnop" \
    DATABASE_URL="postgres://build:build@build.invalid:5432/build" \
    REDIS_URL="redis://build.invalid:6379/0" \
    ALLOWED_HOSTS="build.invalid" \
    EMAIL_URL="smtp://build.invalid:25" \
    python manage.py collectstatic --noinput --verbosity 1

RUN python -m compileall -q /srv/fht/app

# The private media folder belongs to the app user, so a fresh named volume mounted here does too.
RUN mkdir -p /srv/fht/private && chown fht:fht /srv/fht/private

USER fht

EXPOSE 8000

CMD ["gunicorn", "fht.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
