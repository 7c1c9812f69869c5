"""The user guide (Hướng dẫn sử dụng): one manual per role, written in Markdown under
guide/content/<language>/<manual>.md, with screenshots that the browser journeys in
tests/guide take on demo data (`make guide`). A manual refers to a screenshot as
`![caption](shot:NAME)`; the file is guide/static/guide/shots/<language>/NAME.png, taken on
the interface in that language.

Headings carry ids (`## Đăng ký ý tưởng {#ideas}`): each page of the portal links to the
section of the reader's manual that explains it (HELP_SECTIONS).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import markdown
from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

CONTENT = Path(__file__).resolve().parent / "content"
SHOTS = Path(__file__).resolve().parent / "static" / "guide" / "shots"
SHOT_REFERENCE = re.compile(r"\(shot:([a-z0-9-]+)\)")


@dataclass(frozen=True)
class Manual:
    slug: str
    title: str
    roles: tuple[str, ...]


# In the order a training course hands them out.
MANUALS = [
    Manual("commune-officer", _("Commune officer"), (Role.COMMUNE_OFFICER,)),
    Manual("producer", _("Producer (OCOP subject)"), (Role.PRODUCER,)),
    Manual("district-staff", _("District staff"), (Role.DISTRICT_STAFF,)),
    Manual("province-staff", _("Province staff"), (Role.PROVINCE_STAFF,)),
    Manual("council-member", _("Council member and chair"), (Role.COUNCIL_MEMBER,)),
    Manual("leader", _("Leader"), (Role.LEADER,)),
    Manual("system-admin", _("System administrator"), (Role.SYSTEM_ADMIN,)),
]
BY_SLUG = {manual.slug: manual for manual in MANUALS}

# The section of a manual that explains a page, by the page's URL name. A page whose section
# is missing from the reader's manual shows no help link.
HELP_SECTIONS = {
    "reports:home": "home",
    "reports:inbox": "home",
    "products:idea_list": "ideas",
    "products:idea_create": "ideas",
    "products:idea_detail": "ideas",
    "products:plan_list": "plans",
    "products:plan_detail": "plans",
    "products:product_list": "products",
    "products:product_detail": "products",
    "subjects:subject_list": "producers",
    "subjects:subject_detail": "producers",
    "evaluation:round_list": "rounds",
    "evaluation:round_detail": "rounds",
    "evaluation:dossier_detail": "dossiers",
    "evaluation:score": "scoring",
    "evaluation:council_list": "councils",
    "evaluation:council_detail": "councils",
    "evaluation:certificate_list": "certificates",
    "evaluation:certificate_detail": "certificates",
    "evaluation:register_import": "register",
    "evaluation:register_import_job": "register",
    "reports:dashboard": "dashboard",
    "reports:kpi_detail": "dashboard",
    "reports:report_list": "reports",
    "reports:report_detail": "reports",
    "subjects:course_list": "training",
    "accounts:person_list": "people",
    "producer:dashboard": "home",
    "producer:idea_list": "ideas",
    "producer:idea_create": "ideas",
    "producer:round_list": "dossiers",
    "producer:dossier_detail": "dossiers",
    "producer:self_assessment": "dossiers",
    "producer:public_page": "public-page",
}


def manual_for(user) -> Manual | None:
    for manual in MANUALS:
        if user.role in manual.roles:
            return manual
    return None


def _source(slug: str, language: str) -> str:
    for lang in (language, "vi"):
        path = CONTENT / lang / f"{slug}.md"
        if path.exists():
            return path.read_text(encoding="utf-8")
    raise FileNotFoundError(slug)


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: list[dict]
    section_ids: frozenset[str]


def _ids(tokens) -> set[str]:
    found = set()
    for token in tokens:
        found.add(token["id"])
        found |= _ids(token["children"])
    return found


@cache
def _render(slug: str, language: str, for_print: bool) -> Rendered:
    text = _source(slug, language)

    shots_language = language if (SHOTS / language).is_dir() else "vi"

    def shot(match):
        name = match.group(1)
        if for_print:  # WeasyPrint reads the file from disk
            return f"({(SHOTS / shots_language / f'{name}.png').as_uri()})"
        return f"({static(f'guide/shots/{shots_language}/{name}.png')})"

    converter = markdown.Markdown(extensions=["toc", "attr_list", "sane_lists"])
    html = converter.convert(SHOT_REFERENCE.sub(shot, text))
    return Rendered(
        html=html, toc=converter.toc_tokens, section_ids=frozenset(_ids(converter.toc_tokens))
    )


def render(slug: str, *, for_print: bool = False) -> Rendered:
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return _render(slug, language, for_print)


def help_section(user, url_name: str | None) -> tuple[Manual, str] | None:
    """The manual and section that explain the page, for this reader."""
    manual = manual_for(user)
    section = HELP_SECTIONS.get(url_name or "")
    if manual is None or section is None:
        return None
    if section not in render(manual.slug).section_ids:
        return None
    return manual, section


def referenced_shots() -> dict[str, set[str]]:
    """Every screenshot each manual names, per language: the stale-screenshot test reads it."""
    found: dict[str, set[str]] = {}
    for path in sorted(CONTENT.glob("*/*.md")):
        key = f"{path.parent.name}/{path.name}"
        found[key] = set(SHOT_REFERENCE.findall(path.read_text(encoding="utf-8")))
    return found
