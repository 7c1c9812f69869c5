"""Text helpers shared by the apps."""

import re
import unicodedata


def fold(text: str) -> str:
    """Lower-case text without Vietnamese diacritics, for accent-insensitive search.

    "Cà phê Khe Sanh" → "ca phe khe sanh". đ/Đ are letters of their own (not d + a mark), so
    Unicode decomposition leaves them alone and they are mapped explicitly.
    """
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return re.sub(r"\s+", " ", stripped).strip().lower()


def normalise_registration_number(value: str) -> str:
    """Tax / business-registration numbers compare without spaces, dots, dashes or case."""
    return re.sub(r"[\s.\-/]", "", value or "").upper()
