from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from filmrank_site import health

handler400 = "filmrank_site.errors.bad_request"
handler500 = "filmrank_site.errors.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("api/", include("filmrank_accounts.api.urls")),
    path("api/", include("filmrank_catalog.api.urls")),
    path("api/", include("filmrank_reviews.api.urls")),
    path("api/", include("filmrank_search.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path(
        "api/redoc/",
        SpectacularRedocView.as_view(url_name="schema", template_name="filmrank_site/redoc.html"),
        name="redoc",
    ),
    path("admin/", admin.site.urls),
]
