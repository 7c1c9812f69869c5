"""Demo details of the producers the demo register created: representatives, green value
chains, craft villages and raw-material areas."""

import datetime
from decimal import Decimal

from accounts.models import AdministrativeUnit
from accounts.reference import reorganisation
from subjects.models import (
    Certification,
    CraftVillage,
    GreenChainStatus,
    RawMaterialArea,
    SmeSize,
    Subject,
)

CURRENT = reorganisation()[0]  # the new units' first day (1 July 2025)

# registration number → representative (name, title, gender, ethnicity), capital %, workforce
DETAILS = {
    "3200512345": ("Hồ Văn Lai", "Giám đốc HTX", "male", "Vân Kiều", 60, 45),
    "3200623456": ("Nguyễn Thị Hằng", "Giám đốc HTX", "female", "Kinh", 80, 30),
    "3200734567": ("Lê Văn Cùa", "Giám đốc HTX", "male", "Kinh", 75, 25),
    "3200956789": ("Trần Thị Ngọc", "Giám đốc", "female", "Kinh", 0, 40),
    "3201067890": ("Hồ Thị Hoa", "Giám đốc", "female", "Pa Kô", 0, 18),
    "3201289012": ("Phan Văn Sương", "Giám đốc", "male", "Kinh", 0, 22),
    "3201845678": ("Hồ Thị Bích", "Giám đốc HTX", "female", "Vân Kiều", 100, 28),
}


def seed_subject_details() -> dict[str, int]:
    updated = 0
    for number, (name, title, gender, ethnicity, capital, workforce) in DETAILS.items():
        subject = Subject.objects.filter(registration_number=number).first()
        if subject is None or subject.representative_name:
            continue
        subject.representative_name = name
        subject.representative_title = title
        subject.representative_gender = gender
        subject.representative_ethnicity = ethnicity
        subject.community_capital_share = Decimal(capital)
        subject.workforce = workforce
        subject.local_labour_share = Decimal(85)
        subject.phone = "0233 3" + number[-6:]
        if subject.legal_form == "enterprise":
            subject.sme_size = SmeSize.SMALL
        if number in ("3200512345", "3200623456"):
            subject.green_chain_status = GreenChainStatus.ACHIEVED
            subject.green_chain_since = datetime.date(2023, 6, 1)
            subject.green_chain_evidence = (
                "Liên kết bao tiêu với hộ trồng trong vùng nguyên liệu được chứng nhận; "
                "tận dụng phụ phẩm làm phân hữu cơ."
            )
        subject.save()
        updated += 1

    def commune(code):
        return AdministrativeUnit.objects.get(code=code, valid_from=CURRENT)

    villages = 0
    for name, code, traditional, recognised, numbers in [
        ("Làng nghề nón lá Trà Lộc", "19708", True, datetime.date(2008, 5, 12), ["3201734567"]),
        ("Làng nghề nước mắm Cửa Tùng", "19414", True, datetime.date(2010, 9, 2), ["3201178901"]),
        (
            "Làng nghề dệt thổ cẩm Hướng Phùng",
            "19441",
            True,
            datetime.date(2012, 3, 8),
            ["3201845678"],
        ),
        ("Làng nghề bún Đông Lễ", "19336", False, None, []),
    ]:
        try:
            unit = commune(code)
        except AdministrativeUnit.DoesNotExist:
            # the code was an old commune's: use the new commune it became
            unit = AdministrativeUnit.objects.get(
                predecessions__predecessor__code=code, valid_from=CURRENT
            )
        village, made = CraftVillage.objects.get_or_create(
            name=name,
            defaults={"commune": unit, "traditional": traditional, "recognised_on": recognised},
        )
        if made:
            village.subjects.set(Subject.objects.filter(registration_number__in=numbers))
            villages += 1

    areas = 0
    for name, codes, hectares, area_code, certification, until, numbers in [
        (
            "Vùng cà phê Khe Sanh – Hướng Phùng",
            ["19429", "19441"],
            "520",
            "QT-HH-CP-01",
            Certification.VIETGAP,
            datetime.date(2027, 6, 30),
            ["3200512345"],
        ),
        (
            "Vùng cà gai leo An Xuân",
            ["19597"],
            "35",
            "QT-CL-CGL-02",
            Certification.ORGANIC,
            datetime.date(2026, 12, 31),
            ["3200623456"],
        ),
        (
            "Vùng hồ tiêu Cùa",
            ["19597"],
            "120",
            "QT-CL-HT-03",
            Certification.NONE,
            None,
            ["3200734567"],
        ),
    ]:
        area, made = RawMaterialArea.objects.get_or_create(
            name=name,
            defaults={
                "hectares": Decimal(hectares),
                "growing_area_code": area_code,
                "certification": certification,
                "certified_until": until,
            },
        )
        if made:
            area.communes.set(AdministrativeUnit.objects.filter(code__in=codes, valid_from=CURRENT))
            area.subjects.set(Subject.objects.filter(registration_number__in=numbers))
            areas += 1
    return {"subjects_detailed": updated, "craft_villages": villages, "raw_material_areas": areas}
