import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ocop_portal.env import env_bool, env_int

ROOT = Path(__file__).resolve().parents[2]


def _django_setup(env_overrides):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env.update({"DJANGO_SETTINGS_MODULE": "ocop_portal.settings", **env_overrides})
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            "print(settings.DEBUG, settings.LANGUAGE_CODE, settings.TIME_ZONE)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("typo", ["yes", "ture", "2"])
def test_boolean_settings_refuse_typos(monkeypatch, typo):
    monkeypatch.setenv("SOME_FLAG", typo)
    with pytest.raises(ImproperlyConfigured):
        env_bool("SOME_FLAG", False)


def test_integer_settings_refuse_words(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured):
        env_int("SOME_NUMBER", 1)


def test_production_refuses_to_start_without_a_secret_key():
    result = _django_setup({"OCOP_ENV": "production"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set in production" in result.stderr


def test_production_never_runs_in_debug_and_speaks_vietnamese_in_hanoi_time():
    result = _django_setup(
        {"OCOP_ENV": "production", "DJANGO_SECRET_KEY": "x" * 60, "DJANGO_DEBUG": "true"}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "vi", "Asia/Ho_Chi_Minh"]
