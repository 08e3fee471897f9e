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


@nox.session(python="3.11")
def bench(session: nox.Session) -> None:
    install_workspace(session)
    session.run("python", "bench/run.py", *session.posargs, env={"DJANGO_DEBUG": "false"})
