# Image for the web, worker and beat services of docker-compose.yml.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 OCOP_ENV=production
# postgresql-client: pg_dump and pg_restore for scripts/backup.py (same major version as the
# postgres:15 service).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    postgresql-client \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
# collectstatic needs a secret only to import the settings; the running container gets its own.
RUN DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput
# The mount points exist in the image, owned by the container user: Docker copies that
# ownership into a new named volume, so web and worker can both write media and private files.
RUN useradd --system --uid 1000 ocop \
 && mkdir -p /data/media /data/private \
 && chown -R ocop /data
USER ocop
EXPOSE 8000
CMD ["gunicorn", "ocop_portal.wsgi", "--config", "gunicorn.conf.py"]
