import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateFileStorage(FileSystemStorage):
    """Files outside MEDIA_ROOT (evidence, imports, reports), handed out only by views that
    check the user's scope. The folder is read from the settings on every use, so a worker
    and a web process configured alike always agree on where a file lies."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.PRIVATE_FILES_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)


_storage = PrivateFileStorage()


def private_storage():
    """The private files' storage: object storage when the deployment configures it (several
    web nodes and workers share it), otherwise PRIVATE_FILES_ROOT on this machine."""
    if getattr(settings, "OBJECT_STORAGE_BUCKET", ""):
        return storages["private"]
    return _storage
