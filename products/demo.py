"""Demo ideas and business plans in every status, made through the same services the screens
use, by the demo officers of Khe Sanh, Cam Lộ and Đông Hà and their district staff."""

import datetime
from decimal import Decimal

from accounts.models import User
from products import services
from products.models import (
    AppraisalConclusion,
    CampaignChannel,
    FundingSource,
    ProductIdea,
    ProductSet,
    SupportKind,
)
from subjects.models import Subject

YEAR = 2026


def _idea(officer, *, name, set_code, description, subject=None, person=""):
    return services.idea_create(
        actor=officer,
        commune=officer.unit,
        product_name=name,
        product_set=ProductSet.objects.get(code=set_code),
        description=description,
        proposer_subject=subject,
        proposer_name=person,
        year=YEAR,
        raw_material_origin="Nguyên liệu tại địa phương",
        local_labour=8,
        intended_market="Thị trường trong tỉnh và các tỉnh lân cận",
        support_needed="Hỗ trợ thiết kế bao bì, nhãn mác và truy xuất nguồn gốc",
    )


def seed_ideas_and_plans() -> dict[str, int]:
    if ProductIdea.objects.exists():
        return {"ideas_created": 0}
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=[
                "xa.khesanh",
                "xa.camlo",
                "phuong.dongha",
                "huyen.huonghoa",
                "huyen.camlo",
                "tinh.ocop",
            ]
        )
    }
    khesanh, camlo, dongha = users["xa.khesanh"], users["xa.camlo"], users["phuong.dongha"]
    hh, cl = users["huyen.huonghoa"], users["huyen.camlo"]
    coffee_coop = Subject.objects.get(registration_number="3200512345")
    herb_coop = Subject.objects.get(registration_number="3200623456")

    _idea(
        khesanh,
        name="Chuối sấy dẻo Khe Sanh",
        set_code="I.3.c",
        description="Chuối tây sấy dẻo không đường, đóng túi 200 g.",
        person="Hồ Văn Tư",
    )
    submitted = _idea(
        khesanh,
        name="Cà phê hòa tan Hướng Tân",
        set_code="I.6",
        description="Cà phê hòa tan 3 trong 1 từ cà phê Arabica Khe Sanh.",
        subject=coffee_coop,
    )
    services.idea_submit(actor=khesanh, idea=submitted)
    returned = _idea(
        khesanh,
        name="Măng rừng sấy Húc",
        set_code="I.3.c",
        description="Măng rừng sấy khô.",
        person="Hồ Thị Mai",
    )
    services.idea_submit(actor=khesanh, idea=returned)
    services.idea_return(
        actor=hh,
        idea=returned,
        guidance=(
            "Bổ sung nguồn nguyên liệu ổn định (măng trồng hoặc được khai thác hợp pháp) và "
            "phương án bảo quản; liên hệ Phòng Kinh tế để được hướng dẫn."
        ),
    )
    accepted = _idea(
        khesanh,
        name="Mật ong hoa cà phê Khe Sanh",
        set_code="I.2.b",
        description="Mật ong từ đàn ong nuôi trong vườn cà phê.",
        subject=coffee_coop,
    )
    services.idea_submit(actor=khesanh, idea=accepted)
    accepted = services.idea_accept(
        actor=hh, idea=accepted, guidance="Đồng ý; xây dựng phương án kinh doanh."
    )
    withdrawn = _idea(
        khesanh,
        name="Rượu sim Tân Hợp",
        set_code="II.1.b",
        description="Rượu sim rừng.",
        person="Lê Văn Hợp",
    )
    services.idea_withdraw(actor=khesanh, idea=withdrawn)

    tea = _idea(
        camlo,
        name="Trà dây Cam Lộ",
        set_code="I.5.b",
        description="Trà dây túi lọc.",
        subject=herb_coop,
    )
    services.idea_submit(actor=camlo, idea=tea)
    tea = services.idea_accept(actor=cl, idea=tea)
    turmeric = _idea(
        camlo,
        name="Tinh bột nghệ Cam Chính",
        set_code="III.1",
        description="Tinh bột nghệ vàng nguyên chất.",
        person="Nguyễn Thị Lý",
    )
    services.idea_submit(actor=camlo, idea=turmeric)
    cake = _idea(
        camlo,
        name="Bánh gai Cam Thành",
        set_code="I.3.b",
        description="Bánh gai nhân đậu xanh.",
        person="Trần Thị Gai",
    )
    services.idea_submit(actor=camlo, idea=cake)
    services.idea_return(actor=cl, idea=cake, guidance="Cần đăng ký hộ kinh doanh trước.")
    _idea(
        dongha,
        name="Bún khô Đông Lễ",
        set_code="I.3.b",
        description="Bún khô từ gạo địa phương.",
        person="Võ Thị Bún",
    )

    def plan(actor, idea, subject, *, budget, own, title):
        return services.plan_create(
            actor=actor,
            subject=subject,
            idea=idea,
            title=title,
            objectives="Đưa sản phẩm đạt 3 sao OCOP trong năm 2027.",
            production_plan="Sản xuất 5 tấn/năm tại xưởng của HTX.",
            market_plan="Bán tại điểm bán OCOP Đông Hà và sàn thương mại điện tử.",
            starts_on=datetime.date(YEAR, 3, 1),
            ends_on=datetime.date(YEAR + 1, 12, 31),
            year=YEAR,
            funding={
                FundingSource.PROVINCIAL_BUDGET: Decimal(budget),
                FundingSource.OWN_CAPITAL: Decimal(own),
            },
        )

    honey_plan = plan(
        khesanh,
        accepted,
        coffee_coop,
        budget=150_000_000,
        own=300_000_000,
        title="Phương án sản xuất mật ong hoa cà phê",
    )
    services.plan_submit(actor=khesanh, plan=honey_plan)
    services.plan_appraise(
        actor=hh,
        plan=honey_plan,
        appraised_by="Hội đồng thẩm định huyện Hướng Hóa",
        appraised_on=datetime.date(YEAR, 4, 10),
        conclusion=AppraisalConclusion.APPROVED,
    )
    services.plan_accept(actor=hh, plan=honey_plan)
    tea_plan = plan(
        camlo, tea, herb_coop, budget=80_000_000, own=120_000_000, title="Phương án trà dây túi lọc"
    )
    services.plan_submit(actor=camlo, plan=tea_plan)
    plan(
        khesanh,
        accepted,
        coffee_coop,
        budget=0,
        own=50_000_000,
        title="Mở rộng đàn ong giai đoạn 2",
    )
    returned_plan = plan(camlo, tea, herb_coop, budget=0, own=60_000_000, title="Trà dây hòa tan")
    services.plan_submit(actor=camlo, plan=returned_plan)
    services.plan_return(
        actor=cl, plan=returned_plan, guidance="Làm rõ thị trường tiêu thụ và giá thành dự kiến."
    )

    services.support_record(
        actor=hh,
        subject=coffee_coop,
        plan=honey_plan,
        date=datetime.date(YEAR, 5, 12),
        kind=SupportKind.BRANDING,
        provided_by="Trung tâm Khuyến công tỉnh",
        cost=Decimal(25_000_000),
        funding_source=FundingSource.PROVINCIAL_BUDGET,
        outcome="Bộ nhận diện và bao bì mới",
    )
    services.support_record(
        actor=cl,
        subject=herb_coop,
        date=datetime.date(YEAR, 6, 3),
        kind=SupportKind.TRAINING,
        provided_by="Chi cục Phát triển nông thôn",
        outcome="5 thành viên HTX được tập huấn truy xuất nguồn gốc",
    )
    services.campaign_record(
        actor=khesanh,
        unit=khesanh.unit,
        date=datetime.date(YEAR, 2, 20),
        title="Tuyên truyền Chương trình OCOP năm 2026",
        channel=CampaignChannel.LOUDSPEAKER,
        audience_reached=2500,
    )
    services.campaign_record(
        actor=users["tinh.ocop"],
        unit=users["tinh.ocop"].unit,
        date=datetime.date(YEAR, 3, 5),
        title="Hội nghị triển khai chu trình OCOP năm 2026",
        channel=CampaignChannel.MEETING,
        audience_reached=180,
    )
    return {"ideas_created": ProductIdea.objects.count()}
