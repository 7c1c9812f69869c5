"""Demo accounts for every role, spread across several old districts and new communes.

Demo only: the shared password is printed by `make run` and written in the README.
"""

from django.conf import settings

from accounts.models import AdministrativeUnit, Role, User
from accounts.reference import reorganisation
from accounts.services import user_create

CURRENT_FROM = reorganisation()[0]  # the new units' first day (1 July 2025)

# (username, full name, job title, role, unit code, unit valid_from)
DEMO_USERS = [
    (
        "quantri",
        "Quản trị hệ thống",
        "Trung tâm Công nghệ thông tin",
        Role.SYSTEM_ADMIN,
        None,
        None,
    ),
    (
        "tinh.ocop",
        "Nguyễn Thị Hoa",
        "Chuyên viên Chi cục Phát triển nông thôn",
        Role.PROVINCE_STAFF,
        "44",
        CURRENT_FROM,
    ),
    ("lanhdao.tinh", "Trần Văn Bình", "Phó Chủ tịch UBND tỉnh", Role.LEADER, "44", CURRENT_FROM),
    (
        "huyen.huonghoa",
        "Hồ Văn Sơn",
        "Chuyên viên Phòng NN&PTNT huyện Hướng Hóa",
        Role.DISTRICT_STAFF,
        "465",
        None,
    ),
    (
        "huyen.camlo",
        "Lê Thị Mai",
        "Chuyên viên Phòng NN&PTNT huyện Cam Lộ",
        Role.DISTRICT_STAFF,
        "468",
        None,
    ),
    (
        "huyen.dongha",
        "Phan Văn Dũng",
        "Chuyên viên Phòng Kinh tế thành phố Đông Hà",
        Role.DISTRICT_STAFF,
        "461",
        None,
    ),
    (
        "xa.khesanh",
        "Hồ Thị Lan",
        "Công chức Nông nghiệp xã Khe Sanh",
        Role.COMMUNE_OFFICER,
        "19429",
        CURRENT_FROM,
    ),
    (
        "xa.camlo",
        "Nguyễn Văn Tâm",
        "Công chức Nông nghiệp xã Cam Lộ",
        Role.COMMUNE_OFFICER,
        "19597",
        CURRENT_FROM,
    ),
    (
        "phuong.dongha",
        "Lê Thị Thu",
        "Công chức Kinh tế phường Đông Hà",
        Role.COMMUNE_OFFICER,
        "19333",
        CURRENT_FROM,
    ),
    (
        "hoidong.chutich",
        "Lê Quang Minh",
        "Chủ tịch Hội đồng OCOP tỉnh",
        Role.COUNCIL_MEMBER,
        "44",
        CURRENT_FROM,
    ),
    (
        "hoidong.tv1",
        "Võ Văn Hùng",
        "Thành viên Hội đồng OCOP tỉnh",
        Role.COUNCIL_MEMBER,
        "44",
        CURRENT_FROM,
    ),
    (
        "hoidong.tv2",
        "Đặng Thị Nga",
        "Thành viên Hội đồng OCOP tỉnh",
        Role.COUNCIL_MEMBER,
        "44",
        CURRENT_FROM,
    ),
]


def seed_users(password: str | None = None) -> dict[str, int]:
    """Create the demo accounts that are missing; existing accounts are left as they are."""
    password = password or settings.OCOP_DEMO_PASSWORD
    existing = set(User.objects.values_list("username", flat=True))
    created = 0
    for username, full_name, job_title, role, code, valid_from in DEMO_USERS:
        if username in existing:
            continue
        unit = AdministrativeUnit.objects.get(code=code, valid_from=valid_from) if code else None
        user_create(
            username=username,
            full_name=full_name,
            job_title=job_title,
            role=role,
            unit=unit,
            password=password,
            email=f"{username}@ocop.example.vn",
        )
        created += 1
    return {"users_created": created}
