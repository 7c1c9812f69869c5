"""A demo provincial council with seats, so that council members have something to hold."""

import datetime
import io

from openpyxl import Workbook

from accounts.models import AdministrativeUnit, User
from accounts.reference import reorganisation
from evaluation import register_import, services
from evaluation.models import (
    Council,
    CouncilKind,
    CouncilLevel,
    CouncilSeat,
    Round,
    RoundStatus,
    SeatPosition,
)
from evaluation.register_import import HEADERS
from products import services as product_services
from products.models import ProductSet
from subjects.models import Subject

TERM_START = reorganisation()[0]  # councils of the new units, from the reorganisation


def seed_councils() -> dict[str, int]:
    province = AdministrativeUnit.objects.get(code="44", valid_from=TERM_START)
    council, created = Council.objects.get_or_create(
        name="Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Quảng Trị",
        defaults={
            "kind": CouncilKind.COUNCIL,
            "level": CouncilLevel.PROVINCE,
            "unit": province,
            "decision_number": "1520/QĐ-UBND",
            "term_start": TERM_START,
        },
    )
    seats = 0
    for username, position in [
        ("hoidong.chutich", SeatPosition.CHAIR),
        ("hoidong.tv1", SeatPosition.MEMBER),
        ("hoidong.tv2", SeatPosition.MEMBER),
        ("tinh.ocop", SeatPosition.SECRETARY),
    ]:
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        _, made = CouncilSeat.objects.get_or_create(
            council=council, user=user, term_start=TERM_START, defaults={"position": position}
        )
        seats += made
    return {"councils_created": int(created), "seats_created": seats}


# A believable slice of Quảng Trị's register: every old district, all six sectors, first
# recognitions, upgrades (the two 5★ products of January 2025) and re-evaluations, read in
# the unit list valid on each recognition date. Names follow the press (OCOP brief §10).
DEMO_REGISTER = [
    # product, set, producer, form, reg. no, commune code, stars, score, decision, date, level, type
    (
        "Cà phê bột Khe Sanh",
        "I.6",
        "HTX Nông sản Khe Sanh",
        "HTX",
        "3200512345",
        "19429",
        4,
        "78,5",
        "1620/QĐ-UBND",
        "20/12/2021",
        "tỉnh",
        "lần đầu",
    ),
    (
        "Cà phê bột Khe Sanh",
        "I.6",
        "HTX Nông sản Khe Sanh",
        "HTX",
        "3200512345",
        "19429",
        5,
        "91,2",
        "125/QĐ-BNN-KTHT",
        "15/01/2025",
        "trung ương",
        "nâng hạng",
    ),
    (
        "Cao cà gai leo An Xuân",
        "III.1",
        "HTX Dược liệu An Xuân",
        "HTX",
        "3200623456",
        "19612",
        4,
        "82",
        "2001/QĐ-UBND",
        "15/11/2022",
        "tỉnh",
        "lần đầu",
    ),
    (
        "Cao cà gai leo An Xuân",
        "III.1",
        "HTX Dược liệu An Xuân",
        "HTX",
        "3200623456",
        "19612",
        5,
        "90,4",
        "126/QĐ-BNN-KTHT",
        "15/01/2025",
        "trung ương",
        "nâng hạng",
    ),
    (
        "Hạt tiêu Cùa",
        "I.4.b",
        "HTX Nông nghiệp Dịch vụ Tiêu Cùa",
        "HTX",
        "3200734567",
        "19621",
        4,
        "76",
        "1550/QĐ-UBND",
        "10/08/2020",
        "tỉnh",
        "lần đầu",
    ),
    (
        "Hạt tiêu Cùa",
        "I.4.b",
        "HTX Nông nghiệp Dịch vụ Tiêu Cùa",
        "HTX",
        "3200734567",
        "19621",
        4,
        "77,5",
        "2600/QĐ-UBND",
        "08/12/2023",
        "tỉnh",
        "đánh giá lại",
    ),
    (
        "Gạo sạch Triệu Phong",
        "I.2.a",
        "HTX Nông nghiệp Triệu Thượng",
        "HTX",
        "3200845678",
        "19672",
        3,
        "65",
        "312/QĐ-UBND",
        "20/10/2023",
        "huyện",
        "lần đầu",
    ),
    (
        "Dầu lạc Super Green",
        "I.3.c",
        "Công ty TNHH Super Green",
        "DN",
        "3200956789",
        "19498",
        4,
        "74",
        "1890/QĐ-UBND",
        "28/09/2022",
        "tỉnh",
        "lần đầu",
    ),
    (
        "Ta Lư Coffee",
        "I.6",
        "Công ty TNHH Cà phê Ta Lư",
        "DN",
        "3201067890",
        "19582",
        3,
        "62",
        "45/QĐ-UBND",
        "15/06/2023",
        "huyện",
        "lần đầu",
    ),
    (
        "Nước mắm Tùng Vân",
        "I.4.a",
        "Cơ sở nước mắm Tùng Vân",
        "Hộ kinh doanh",
        "3201178901",
        "19414",
        3,
        "61",
        "2390/QĐ-UBND",
        "20/12/2019",
        "tỉnh",
        "lần đầu",
    ),
    (
        "Nước mắm Tùng Vân",
        "I.4.a",
        "Cơ sở nước mắm Tùng Vân",
        "Hộ kinh doanh",
        "3201178901",
        "19414",
        3,
        "64",
        "2700/QĐ-UBND",
        "30/12/2022",
        "tỉnh",
        "đánh giá lại",
    ),
    (
        "Tinh dầu tràm Mộc Sương",
        "III.3",
        "Công ty TNHH Mộc Sương",
        "DN",
        "3201289012",
        "19684",
        4,
        "80",
        "1890/QĐ-UBND",
        "28/09/2022",
        "tỉnh",
        "lần đầu",
    ),
    (
        "Mật ong Rú Lịnh Vĩnh Hòa",
        "I.2.b",
        "Tổ hợp tác Mật ong Vĩnh Hòa",
        "THT",
        "3201390123",
        "19396",
        3,
        "58",
        "1234/QĐ-UBND",
        "10/11/2021",
        "tỉnh",
        "lần đầu",
    ),
    (
        "Cao chè vằng Cam Chính",
        "I.5.b",
        "HTX Chè vằng Cam Chính",
        "HTX",
        "3201401234",
        "19618",
        3,
        "66",
        "215/QĐ-UBND",
        "12/09/2024",
        "huyện",
        "lần đầu",
    ),
    (
        "Rượu men lá A Vao",
        "II.1.a",
        "Tổ hợp tác Rượu men lá A Vao",
        "THT",
        "3201512345",
        "19585",
        3,
        "57",
        "52/QĐ-UBND",
        "20/11/2023",
        "huyện",
        "lần đầu",
    ),
    (
        "Nước uống đóng chai Đông Thanh",
        "II.2.a",
        "Công ty CP Nước uống Đông Hà",
        "DN",
        "3201623456",
        "19339",
        3,
        "63",
        "2700/QĐ-UBND",
        "30/12/2022",
        "tỉnh",
        "lần đầu",
    ),
    (
        "Nón lá Trà Lộc",
        "IV.1",
        "Tổ hợp tác Nón lá Trà Lộc",
        "THT",
        "3201734567",
        "19708",
        3,
        "60",
        "175/QĐ-UBND",
        "05/12/2023",
        "huyện",
        "lần đầu",
    ),
    (
        "Thổ cẩm Vân Kiều Hướng Phùng",
        "IV.2",
        "HTX Dệt thổ cẩm Hướng Phùng",
        "HTX",
        "3201845678",
        "19441",
        3,
        "59",
        "2600/QĐ-UBND",
        "08/12/2023",
        "tỉnh",
        "lần đầu",
    ),
    (
        "Lan kiếm Lao Bảo",
        "V.1",
        "Hộ kinh doanh Lan rừng Lao Bảo",
        "Hộ kinh doanh",
        "3201956789",
        "19432",
        3,
        "55",
        "2600/QĐ-UBND",
        "08/12/2023",
        "tỉnh",
        "lần đầu",
    ),
    (
        "Mai vàng Triệu Đại",
        "V.2",
        "Trang trại Mai vàng Triệu Đại",
        "Trang trại",
        "3202067890",
        "19645",
        3,
        "56",
        "189/QĐ-UBND",
        "25/10/2024",
        "huyện",
        "lần đầu",
    ),
    (
        "Bánh bột lọc Hải Lệ",
        "I.3.b",
        "Cơ sở bánh Hải Lệ",
        "Hộ kinh doanh",
        "3202178901",
        "19705",
        3,
        "60",
        "1890/QĐ-UBND",
        "28/09/2022",
        "tỉnh",
        "lần đầu",
    ),
    (
        "Nước mắm Cửa Việt",
        "I.4.a",
        "Công ty TNHH Thủy sản Cửa Việt",
        "DN",
        "3202289012",
        "19496",
        4,
        "72",
        "2700/QĐ-UBND",
        "30/12/2022",
        "tỉnh",
        "lần đầu",
    ),
    (
        "Gạo hữu cơ Hải Phú",
        "I.2.a",
        "HTX Nông nghiệp Hải Phú",
        "HTX",
        "3202390123",
        "19702",
        3,
        "67",
        "2001/QĐ-UBND",
        "15/11/2022",
        "tỉnh",
        "lần đầu",
    ),
    # Recognised after the July 2025 reorganisation: codes from the new list.
    (
        "Du lịch sinh thái đảo Cồn Cỏ",
        "VI.1",
        "Hội Du lịch đảo Cồn Cỏ",
        "Hội",
        "3202401234",
        "19742",
        3,
        "64",
        "1980/QĐ-UBND",
        "20/10/2025",
        "tỉnh",
        "lần đầu",
    ),
    (
        "Bột sắn dây Hiếu Giang",
        "I.3.b",
        "HTX Nông nghiệp Hiếu Giang",
        "HTX",
        "3202512345",
        "19603",
        3,
        "62",
        "1980/QĐ-UBND",
        "20/10/2025",
        "tỉnh",
        "lần đầu",
    ),
]


def demo_register_workbook() -> bytes:

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in DEMO_REGISTER:
        sheet.append([*row[:7], row[7], *row[8:], ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def seed_register() -> dict[str, int]:
    """Load the demo register through the same import a province officer uses."""

    register = register_import.preview(io.BytesIO(demo_register_workbook()))
    if not register.ok:
        raise RuntimeError([(row.number, row.errors) for row in register.errors])
    if not register.new_count:
        return {"certificates_created": 0}
    counts = register_import.commit(register, actor=User.objects.get(username="tinh.ocop"))
    if counts.pop("failures"):
        raise RuntimeError("the demo register was refused")
    return counts


def seed_round() -> dict[str, int]:
    """The province's second round of 2026, open for scoring, with two first-time dossiers."""

    if Round.objects.exists():
        return {"rounds_created": 0}
    staff = User.objects.get(username="tinh.ocop")
    officer = User.objects.get(username="xa.khesanh")
    council = Council.objects.get(level=CouncilLevel.PROVINCE)
    round_ = services.round_create(
        actor=staff,
        name="Đợt 2 năm 2026 – Hội đồng OCOP tỉnh",
        level="province",
        unit=council.unit,
        year=2026,
        sequence=2,
        council=council,
        dossier_deadline=datetime.date(2026, 10, 30),
        scoring_opens=datetime.date(2026, 11, 16),
        scoring_closes=datetime.date(2026, 12, 15),
    )
    services.round_advance(actor=staff, round_=round_, to=RoundStatus.OPEN)
    coffee_coop = Subject.objects.get(registration_number="3200512345")
    herb_coop = Subject.objects.get(registration_number="3200623456")
    for actor, subject, name, set_code in [
        (officer, coffee_coop, "Chuối sấy dẻo Khe Sanh", "I.3.c"),
        (staff, herb_coop, "Trà dây túi lọc Cam Lộ", "I.5.b"),
    ]:
        product = product_services.product_create(
            actor=actor,
            subject=subject,
            name=name,
            product_set=ProductSet.objects.get(code=set_code),
            description="Sản phẩm đăng ký đánh giá lần đầu năm 2026.",
        )
        dossier = services.dossier_create(
            actor=staff,
            round_=round_,
            product=product,
            evaluation_type="first",
            representative=subject.representative_name or "Đại diện chủ thể",
            plan_results="Hoàn thành phương án kinh doanh giai đoạn 2025–2026.",
        )
        services.dossier_intake(actor=staff, dossier=dossier, status="complete")
        # the commune's Mẫu 03, which the rules in force require before scoring
        services.dossier_pre_assess(
            actor=officer if subject.commune_id == officer.unit_id else staff,
            dossier=dossier,
            local_materials=True,
            local_labour=True,
            idea_origin=True,
            local_identity=True,
            notes="Nguyên liệu và lao động tại địa phương.",
        )
    services.round_advance(actor=staff, round_=round_, to=RoundStatus.SCORING)
    return {"rounds_created": 1}
