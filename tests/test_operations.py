"""Operations endpoints: probes, the OpenAPI schema and the self-hosted docs."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connections

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_anything(api_client):
    response = api_client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_reports_database_and_search_backend(api_client):
    response = api_client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True, "vendor": connections["default"].vendor}
    assert body["checks"]["search"]["ok"] is True
    assert body["checks"]["search"]["backend"] == "database"


def test_readyz_is_503_when_the_database_is_unreachable(api_client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise connections["default"].Database.OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", broken_cursor)
    response = api_client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["ok"] is False


def test_schema_generates_without_warnings():
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out, stderr=out)
    assert "openapi: 3" in out.getvalue()


def test_schema_is_served_and_documents_the_contract(api_client):
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in [
        "/api/auth/register/",
        "/api/auth/token/",
        "/api/auth/token/refresh/",
        "/api/auth/logout/",
        "/api/me/",
        "/api/genres/",
        "/api/movies/",
        "/api/movies/{id}/",
        "/api/rankings/movies/",
        "/api/directors/",
        "/api/me/watched/",
        "/api/me/watched/{id}/",
        "/api/me/ranking/",
        "/api/users/",
        "/api/users/{id}/",
        "/api/users/{id}/ranking/",
        "/api/me/recommendations/",
        "/api/movies/{id}/similar/",
        "/api/movies/{id}/comments/",
        "/api/comments/{id}/",
        "/api/me/notifications/",
        "/api/me/notifications/{id}/read/",
        "/api/me/notifications/read-all/",
        "/api/search/movies/",
    ]:
        assert path in paths, f"{path} is missing from the OpenAPI schema"


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_docs_pages_load_their_assets_from_this_server_not_a_cdn(api_client, path):
    response = api_client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn.jsdelivr.net" not in html
    assert "unpkg.com" not in html
    assert "/static/drf_spectacular_sidecar/" in html
    asset = html.split('src="', 1)[1].split('"', 1)[0] if 'src="' in html else None
    assert asset
    assert asset.startswith("/static/")
    assert api_client.get(asset).status_code == 200


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_docs_pages_make_no_third_party_requests(api_client, path):
    html = api_client.get(path).content.decode()
    assert "https://" not in html.replace("https://github.com", "")


@pytest.mark.parametrize("method", ["get", "post", "patch", "delete"])
def test_an_api_path_without_its_slash_is_a_json_404_naming_the_right_path(auth_client, method):
    response = getattr(auth_client, method)("/api/me/watched", {"movie": 1, "rating": 3})
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found. API paths end with a slash: /api/me/watched/"}


def test_an_unknown_api_path_is_a_json_404(api_client):
    for path in ["/api/nope/", "/api/movies/abc/"]:
        response = api_client.get(path, HTTP_ACCEPT="text/html")
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}
