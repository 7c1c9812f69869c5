from django.urls import reverse

from guide import manuals


def help_link(request):
    """The link to the section of the reader's manual that explains the current page."""
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    if user is None or not user.is_authenticated or match is None:
        return {}
    found = manuals.help_section(user, match.view_name)
    if found is None:
        return {}
    manual, section = found
    return {"help_url": f"{reverse('guide:manual', args=[manual.slug])}#{section}"}
