"""Security pass: every URL refuses a POST without a CSRF token."""

import pytest
from django.test import Client

from tests.test_permission_matrix import MATRIX

# the matrix of records is built once for the module (see conftest.shared_world)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_world")]

PATHS = sorted({path for name, path, method, expected in MATRIX})


@pytest.mark.parametrize("path", PATHS)
def test_every_url_refuses_a_post_without_a_csrf_token(cast, objects, path):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["province_staff"], backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(path.format(**objects), {"name": "x"})
    assert response.status_code == 403
