# Kept for the migrations that name this path; the storage itself lives in ocop_portal.
from ocop_portal.storage import private_storage

__all__ = ["private_storage"]
