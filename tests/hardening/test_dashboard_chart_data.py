"""Issue 11, item 10: a unit name containing </script> cannot break the dashboard's charts."""

import json
import re

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db

HOSTILE = 'Hướng Hóa</script><script>alert("x")</script>'


def test_chart_data_reaches_the_page_as_data(units, client_for):
    district = units.legacy("465")
    district.name = HOSTILE
    district.save()
    cache.clear()  # the dashboard keeps its charts for a few minutes
    response = client_for("province_staff").get("/dashboard/?as_of=2025-12-31")
    page = response.content.decode()
    assert '<script>alert("x")</script>' not in page
    block = re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', page, re.S)
    data = json.loads(block.group(1))
    assert HOSTILE in [d["name"] for d in data["districts"]]
