from django.core.files.storage import storages


def private_storage():
    """Files outside MEDIA_ROOT (evidence, imports, reports), handed out only by views that
    check the user's scope."""
    return storages["private"]
