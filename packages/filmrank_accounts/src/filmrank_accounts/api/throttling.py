from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle


class AuthRateThrottle(ScopedRateThrottle):
    """Throttle for the credential endpoints (``throttle_scope = "auth"``).

    The rate is ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth"]`` read on every request
    (DRF's own class reads it once at import, so a changed setting would be ignored), with a
    safe default when the site names none instead of an ImproperlyConfigured 500.
    ``None`` turns it off.
    """

    default_rate = "20/minute"

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope, self.default_rate)
