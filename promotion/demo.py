"""Demo trade promotion: sales points, channels, a fair and the partner network."""

import datetime
from decimal import Decimal

from accounts.models import AdministrativeUnit, User
from accounts.reference import reorganisation
from products.models import Product
from promotion.models import EventParticipation, Partner, SalesChannel, SalesPoint, TradeEvent
from subjects.models import Subject

CURRENT = reorganisation()[0]  # the new units' first day (1 July 2025)


def seed_promotion() -> dict[str, int]:
    if SalesPoint.objects.exists():
        return {"sales_points_created": 0}
    staff = User.objects.get(username="tinh.ocop")

    def unit(code):
        return AdministrativeUnit.objects.get(code=code, valid_from=CURRENT)

    certified = list(Product.objects.filter(certificates__isnull=False).distinct())
    for name, kind, address, code, operator, opened in [
        (
            "Trung tâm giới thiệu sản phẩm OCOP Quảng Trị",
            "showroom",
            "02 Hùng Vương",
            "19333",
            "Trung tâm Khuyến công và Xúc tiến thương mại",
            datetime.date(2023, 3, 15),
        ),
        (
            "Góc OCOP siêu thị Co.opmart Đông Hà",
            "supermarket_corner",
            "01 Lê Duẩn",
            "19351",
            "Co.opmart Đông Hà",
            datetime.date(2024, 1, 10),
        ),
        (
            "Gian hàng OCOP Khe Sanh",
            "tourist_site",
            "Quốc lộ 9, Khe Sanh",
            "19429",
            "HTX Nông sản Khe Sanh",
            datetime.date(2024, 6, 1),
        ),
    ]:
        point = SalesPoint.objects.create(
            name=name,
            kind=kind,
            address=address,
            unit=unit(code),
            operator=operator,
            opened_on=opened,
            created_by=staff,
        )
        point.products.set(certified)
    for number, kind, name, url in [
        ("3200512345", "ecommerce", "Postmart", "https://postmart.vn/"),
        ("3200512345", "supermarket", "Co.opmart", ""),
        (
            "3200623456",
            "ecommerce",
            "Sàn thương mại điện tử tỉnh Quảng Trị",
            "https://quangtri.vn/",
        ),
        ("3200734567", "export", "Nhật Bản", ""),
    ]:
        SalesChannel.objects.create(
            subject=Subject.objects.get(registration_number=number),
            kind=kind,
            name=name,
            url=url,
            started_on=datetime.date(2024, 3, 1),
            evidence="Hợp đồng phân phối",
            created_by=staff,
        )
    fair = TradeEvent.objects.create(
        name="Hội chợ sản phẩm OCOP tỉnh Quảng Trị 2026",
        level="provincial",
        place="Quảng trường Đông Hà",
        unit=unit("44"),
        starts_on=datetime.date(2026, 9, 18),
        ends_on=datetime.date(2026, 9, 22),
        organiser="Sở Nông nghiệp và Môi trường",
        funding=Decimal(450_000_000),
        created_by=staff,
    )
    for number, contracts, sales in [("3200512345", 3, 120_000_000), ("3200623456", 2, 85_000_000)]:
        subject = Subject.objects.get(registration_number=number)
        participation = EventParticipation.objects.create(
            event=fair, subject=subject, contracts_signed=contracts, sales_value=Decimal(sales)
        )
        participation.products.set(subject.products.all())
    for name, kind, profile, website in [
        (
            "Viện Khoa học Kỹ thuật Nông lâm nghiệp Tây Nguyên",
            "institute",
            "Chuyển giao giống cà phê và quy trình chế biến.",
            "https://wasi.org.vn/",
        ),
        (
            "Ngân hàng Nông nghiệp và Phát triển Nông thôn – Chi nhánh Quảng Trị",
            "finance",
            "Cho vay ưu đãi chủ thể OCOP.",
            "",
        ),
        (
            "Trung tâm Khuyến công và Xúc tiến thương mại Quảng Trị",
            "promoter",
            "Tổ chức hội chợ, điểm bán và kết nối tiêu thụ.",
            "",
        ),
    ]:
        Partner.objects.create(
            name=name, kind=kind, profile=profile, website=website, published=True, created_by=staff
        )
    return {"sales_points_created": 3}
