"""Property-based run of schemathesis against the live server's ``/openapi.json``.

Every GET operation (and POST ``/api/reviews``) gets generated requests, valid (positive) and invalid
(negative); each response must not be a 5xx, must have a documented status code and content type, and must match
its schema (errors too: they are documented with the one error shape). ``MAX_EXAMPLES`` per operation and mode
keeps the run well under a minute on two cores.

The strategies are driven by Hypothesis directly: schemathesis' own pytest loader does not work with pytest 9.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.core.result import Ok

from .kb import KB

MAX_EXAMPLES = 10
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]


@pytest.fixture(scope="module")
def api_schema(base_url: str, kb: KB) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(base_url + "/openapi.json")


def _run(operation: schemathesis.APIOperation, mode: GenerationMode) -> bool:
    """Run the checks on generated cases; False where no case of this mode exists (nothing to make invalid)."""
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate()

    try:
        check()
    except Unsatisfiable:
        if mode is GenerationMode.POSITIVE:
            raise
        return False
    return True


def _operations(schema: schemathesis.BaseSchema) -> list[schemathesis.APIOperation]:
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result  # every operation of the schema loads
        operations.append(result.ok())
    return operations


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
def test_schema_get_operations(api_schema: schemathesis.BaseSchema, mode: GenerationMode) -> None:
    operations = _operations(api_schema.include(method="GET"))
    assert len(operations) >= 15
    ran = [operation.label for operation in operations if _run(operation, mode)]
    assert len(ran) >= len(operations) - 2, ran


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
def test_schema_post_reviews(api_schema: schemathesis.BaseSchema, mode: GenerationMode) -> None:
    operations = _operations(api_schema.include(method="POST", path="/api/reviews"))
    assert len(operations) == 1
    _run(operations[0], mode)
