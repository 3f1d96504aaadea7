# syntax=docker/dockerfile:1
# Backend image: one image for the web (gunicorn), worker, beat and one-shot migrate services.
# Build context: the repository root (see docker-compose.yml).
FROM python:3.11-slim

# Pinned to the uv that writes and reads this project's uv.lock.
ARG UV_VERSION=0.13.9

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    FXS_DATA_DIR=/var/lib/fxs

RUN pip install --no-cache-dir "uv==${UV_VERSION}"

WORKDIR /app

# Dependencies first, in their own layer, so a code change does not reinstall them.
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project

COPY backend/ backend/
COPY workers/ workers/
COPY fixtures/ fixtures/
# Editable install: the code stays under /app, so settings' BASE_DIR finds fixtures/ beside it.
RUN uv sync --frozen --no-dev

# The data directory is created and owned here so that a fresh named volume mounted on it
# inherits the non-root owner.
RUN groupadd --system --gid 10001 fxs \
    && useradd --system --uid 10001 --gid fxs --home-dir /app --no-create-home --shell /usr/sbin/nologin fxs \
    && mkdir -p /var/lib/fxs \
    && chown -R fxs:fxs /var/lib/fxs

USER fxs
EXPOSE 8000

CMD ["gunicorn", "backend.config.wsgi:application", "--config", "python:backend.config.gunicorn_conf", "--bind", "0.0.0.0:8000"]
