"""Health endpoints for load balancers and orchestrators: `/healthz` (alive) and `/readyz` (ready for readers)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from readingroom.home import index_path
from readingroom.records.health import readiness
from readingroom.search.index import index_at


@never_cache
@require_safe
def alive(request: HttpRequest) -> HttpResponse:
    """Touches neither database nor index: a process that answers at all is alive."""
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
@require_safe
def ready(request: HttpRequest) -> JsonResponse:
    state = readiness(index_at(index_path()))
    answer = {
        "status": "ready" if state.ready else "not ready",
        "problems": list(state.problems),
        "warnings": list(state.warnings),
    }
    return JsonResponse(answer, status=200 if state.ready else 503)
