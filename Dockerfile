# Metropolis KPI under gunicorn. docker-compose.yml runs it with PostgreSQL.
FROM node:20-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
# Pango and a font for WeasyPrint, which makes the report's PDF.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml ./
RUN python -m pip install --upgrade pip && python -m pip install --group app
COPY . .
# Only the front-end files the pages load (tests/test_static_assets.py checks).
COPY --from=assets /build/node_modules/chart.js/dist node_modules/chart.js/dist
COPY --from=assets /build/node_modules/chartjs-plugin-datalabels/dist node_modules/chartjs-plugin-datalabels/dist
# Static files are collected at build time and served by WhiteNoise.
RUN DJANGO_SECRET_KEY=build-only PARTICIPANT_HASH_KEY=build-only \
    python manage.py collectstatic --noinput --verbosity 0 \
 && useradd --system --home /app app && chown -R app /app
USER app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD ["/app/bin/healthcheck"]
# Migrations, roles, then gunicorn (metropolis_kpi/gunicorn_conf.py).
CMD ["/app/bin/start"]
