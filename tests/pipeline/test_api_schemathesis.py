"""Property-based tests of /api/v1 against its own served OpenAPI description (schemathesis).

Schemathesis reads `/api/v1/openapi.json` from the app's Flask server (in process, no network),
generates valid and invalid requests for every operation, and checks each answer: never a 5xx,
a documented status code and content type, a body that matches the documented schema, and
invalid requests rejected with a 4xx. Examples are kept modest (the run stays well under 60 s).
"""
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (content_type_conformance, negative_data_rejection, not_a_server_error,
                                 response_headers_conformance, response_schema_conformance, status_code_conformance)
from schemathesis.generation import GenerationMode

from app import server

MAX_EXAMPLES = 80
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance, negative_data_rejection]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", server)
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=MAX_EXAMPLES)


@schema.parametrize()
# derandomize: CI runs the same examples every time (a failure found once is reproducible)
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_answers_conform_to_the_openapi_description(case):
    # A schema-valid request may still be refused with a documented 400 (a code of another level,
    # `sexe_age` below the national level, a page beyond the last): positive acceptance is not checked.
    # The in-process WSGI transport does not decompress: ask flask-compress for a plain body.
    case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})
