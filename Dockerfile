# tvs-gateway: a production image. Build: docker build -t tvs-gateway .
# Run with TVS_DATABASE_URL, TVS_JWKS_FILE, TVS_AUDIT_HMAC_KEY, TVS_AUDIT_ENCRYPTION_KEY (README,
# "Running in production"); TVS_WORKERS sets the number of uvicorn workers.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- build: a virtualenv with the dependencies, then the package ---------------------------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src

# Dependencies in their own layer: it is rebuilt only when pyproject.toml changes. Only the runtime
# dependencies ([project] dependencies), never the test extras.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > requirements.txt \
    && pip install -r requirements.txt

# npm fetches GraphiQL's files (checked against the hashes its page declares) in this stage only;
# the klantprofiel PDF's fonts (DejaVu) are copied into the final image from here.
RUN apt-get update && apt-get install -y --no-install-recommends npm fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

COPY README.md ./
COPY gateway ./gateway
COPY db ./db
RUN python -m gateway.graphiql_assets && pip install --no-deps . && rm -rf /src

# --- runtime: the virtualenv only, as a user without privileges ----------------------------------
FROM ${PYTHON_IMAGE} AS runtime
RUN useradd --system --uid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin tvs
COPY --from=build /opt/venv /opt/venv
COPY --from=build /usr/share/fonts/truetype/dejavu /usr/share/fonts/truetype/dejavu
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    TVS_ENV=production \
    TVS_HOST=0.0.0.0 \
    TVS_PORT=8000 \
    TVS_WORKERS=2 \
    TVS_KEY_DIR=/nonexistent
WORKDIR /tmp
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["tvs-gateway", "healthcheck"]
# SIGTERM (docker stop) lets requests in flight finish, up to 30 s: give docker stop at least that.
STOPSIGNAL SIGTERM
ENTRYPOINT ["tvs-gateway"]
CMD ["serve"]
