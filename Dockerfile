# FilmRank API image: the workspace members installed against the pinned constraints, served by
# gunicorn. `docker compose up` runs it beside PostgreSQL and Elasticsearch.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    FILMRANK_VAR_DIR=/app/var

WORKDIR /app

# Dependencies first, so editing code does not reinstall them: the same members, order and
# constraints as the Makefile.
COPY requirements/constraints.txt requirements/constraints.txt
COPY packages/filmrank_catalog packages/filmrank_catalog
COPY packages/filmrank_accounts packages/filmrank_accounts
COPY packages/filmrank_reviews packages/filmrank_reviews
COPY search search
COPY site site
RUN pip install -c requirements/constraints.txt \
        -e packages/filmrank_catalog \
        -e packages/filmrank_accounts \
        -e packages/filmrank_reviews \
        -e search \
        -e site

COPY data/movielens-small data/movielens-small

RUN useradd --create-home --uid 1000 filmrank \
    && mkdir -p /app/var \
    && chown filmrank /app/var
USER filmrank

EXPOSE 8000

# Migrate, load MovieLens once, rebuild the search index (nothing to do on the database
# backend), then serve.
CMD ["sh", "-c", "\
python site/manage.py migrate --no-input \
&& python site/manage.py import_movielens data/movielens-small --skip-if-loaded \
&& python site/manage.py search_reindex \
&& exec gunicorn filmrank_site.wsgi --bind 0.0.0.0:8000 --workers 3 --access-logfile -"]
