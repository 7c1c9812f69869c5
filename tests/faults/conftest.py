import pytest

from tests.faults.stack import build_stack


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/faults/" in str(item.fspath):
            item.add_marker(pytest.mark.faults)


@pytest.fixture(scope="session")
def stack():
    stack = build_stack()
    yield stack
    stack.shutdown()


@pytest.fixture
def portal(stack, request):
    """The stack with gunicorn, one worker and beat running; each test leaves them stopped, and
    their logs are printed when it fails."""
    stack.start_web()
    stack.start_worker()
    stack.start_beat()
    yield stack
    for name in list(stack.processes):
        if name != "redis":
            stack.stop(name, timeout=15)
    if not stack.redis_answers():
        stack.start_redis()
    if not stack.postgres_answers():
        stack.start_postgres()
    for name in ("web", "worker", "worker2", "beat"):
        log = stack.log(name)
        if log:
            print(f"----- {name}.log -----\n{log[-6000:]}")
        (stack.root / f"{name}.log").unlink(missing_ok=True)
