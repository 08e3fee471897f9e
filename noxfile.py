"""Automation: lint, tests (SQLite and PostgreSQL), packages alone, benchmarks."""

import os

import nox

nox.options.default_venv_backend = "venv"
nox.options.sessions = ["lint", "tests"]

CONSTRAINTS = ("-c", "requirements/constraints.txt")
MEMBERS = (
    "packages/filmrank_catalog",
    "packages/filmrank_accounts",
    "packages/filmrank_reviews",
    "search",
    "site",
)
DATABASES = {
    "sqlite": "",
    "postgresql": os.environ.get("DATABASE_URL_PG", "postgres://postgres@127.0.0.1:5432/test"),
}


def install_workspace(session: nox.Session) -> None:
    session.install(*CONSTRAINTS, *(arg for m in MEMBERS for arg in ("-e", m)), "-e", ".[dev]")


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    session.install(*CONSTRAINTS, "ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python="3.11")
@nox.parametrize("database", list(DATABASES))
def tests(session: nox.Session, database: str) -> None:
    install_workspace(session)
    session.run(
        "pytest",
        *session.posargs,
        env={"DATABASE_URL": DATABASES[database], "DJANGO_DEBUG": "false"},
    )


# Each app with the FilmRank apps it declares (installed from this checkout, not an index).
APP_MEMBERS = {
    "filmrank_catalog": ["packages/filmrank_catalog"],
    "filmrank_accounts": ["packages/filmrank_catalog", "packages/filmrank_accounts"],
    "filmrank_reviews": [
        "packages/filmrank_catalog",
        "packages/filmrank_accounts",
        "packages/filmrank_reviews",
    ],
    "filmrank_search": ["packages/filmrank_catalog", "search"],
}


@nox.session(python="3.11")
@nox.parametrize("app", list(APP_MEMBERS))
def packages(session: nox.Session, app: str) -> None:
    """Install one app alone (no site, no workspace) and check it works on its own."""
    session.install(*CONSTRAINTS, *(f"./{member}[test]" for member in APP_MEMBERS[app]))
    session.run("python", "-m", "pip", "check")
    session.run("python", "tests/standalone/check_app.py", app)


@nox.session(python="3.11")
def bench(session: nox.Session) -> None:
    install_workspace(session)
    session.run("python", "bench/run.py", *session.posargs, env={"DJANGO_DEBUG": "false"})
