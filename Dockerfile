# Samskab's app image: compose.yaml runs the migration and two app processes from it.
# Not built in CI (no container engine there); tests/unit/test_deploy.py reads it and the
# compose file. Walk-through: docs/deployment.md.
FROM python:3.11-slim-bookworm

# pg_dump and pg_restore for `python -m manage backup|restore`, the server's major version.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /opt/samskab
# Requirements first: a code change does not reinstall them.
COPY requirements.txt ./
RUN pip install -r requirements.txt
COPY . .

RUN useradd --system --uid 10001 --home-dir /opt/samskab samskab \
    && mkdir -p data /var/backups/samskab \
    && chown samskab:samskab data /var/backups/samskab
USER samskab

ENV SAMSKAB_MODE=production
EXPOSE 8501
# Ready, not just running: the database answers at the newest schema.
HEALTHCHECK --interval=10s --timeout=4s --start-period=40s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/api/ready', timeout=3)"]
CMD ["streamlit", "run", "app.py", "--server.port", "8501", "--server.address", "0.0.0.0"]
