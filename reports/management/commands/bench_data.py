"""A deterministic national-scale data set for `make bench`: 10,000 producers, 20,000
products, 60,000 certificate events, 50,000 ideas and plans, 300 rounds scored by 7 members.

Rows are written in bulk (no change history: this is load, not the record of anyone's work).
"""

import datetime
import random
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import AdministrativeUnit, Role, User
from evaluation.models import (
    Certificate,
    Council,
    CouncilSeat,
    CriteriaSheet,
    CriteriaVersion,
    Dossier,
    ProcedureRuleSet,
    Round,
    ScoreAnswer,
    ScoreSheet,
)
from ocop_portal.text import fold
from products.models import BusinessPlan, PlanFunding, Product, ProductIdea, ProductSet
from subjects.models import LegalForm, Subject

WORDS = [
    "Cà phê",
    "Mật ong",
    "Hồ tiêu",
    "Gạo",
    "Nước mắm",
    "Trà",
    "Tinh dầu",
    "Rượu",
    "Bánh",
    "Chuối sấy",
    "Măng",
    "Dầu lạc",
    "Nón lá",
    "Thổ cẩm",
    "Lan",
    "Mai vàng",
]
PLACES = [
    "Khe Sanh",
    "Cam Lộ",
    "Hải Lăng",
    "Vĩnh Linh",
    "Gio Linh",
    "Triệu Phong",
    "Đa Krông",
    "Đông Hà",
    "Lao Bảo",
    "Cửa Tùng",
]


class Command(BaseCommand):
    help = "Build the benchmark data set (deterministic; run on an empty bench database)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)

    @transaction.atomic
    def handle(self, *args, scale, **options):
        rng = random.Random(2025)
        if Product.objects.count() >= 20000 * scale:
            self.stdout.write("bench data already present")
            self._member_passwords()
            return
        communes = list(AdministrativeUnit.objects.filter(level="commune", valid_to__isnull=True))
        sets = list(ProductSet.objects.all())
        staff = User.objects.filter(role=Role.PROVINCE_STAFF).first()
        n_subjects, n_products = int(10000 * scale), int(20000 * scale)
        forms = [
            LegalForm.COOPERATIVE,
            LegalForm.ENTERPRISE,
            LegalForm.HOUSEHOLD,
            LegalForm.COOPERATIVE_GROUP,
            LegalForm.FARM,
        ]
        subjects = []
        for i in range(n_subjects):
            subject = Subject(
                name=f"{rng.choice(['HTX', 'Công ty', 'Hộ', 'THT'])} {rng.choice(WORDS)} "
                f"{rng.choice(PLACES)} {i}",
                legal_form=rng.choice(forms),
                registration_number=f"9{i:09d}",
                commune=rng.choice(communes),
                representative_name=f"Người đại diện {i}",
            )
            subject.set_derived_fields()
            subjects.append(subject)
        Subject.objects.bulk_create(subjects, batch_size=2000)
        products = []
        for i in range(n_products):
            product = Product(
                subject=subjects[i % n_subjects],
                product_set=rng.choice(sets),
                name=f"{rng.choice(WORDS)} {rng.choice(PLACES)} {i}",
                code=f"44-B-{i:06d}",
                status="active",
                description="Sản phẩm OCOP",
            )
            product.set_derived_fields()
            products.append(product)
        Product.objects.bulk_create(products, batch_size=2000)
        certificates = []
        for i, product in enumerate(products):
            day = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randrange(2500))
            for step in range(3):  # first recognition, then renewals or upgrades
                issued = day + relativedelta(months=36 * step)
                certificates.append(
                    Certificate(
                        product=product,
                        stars=min(5, 3 + (rng.random() < 0.3) + step // 2),
                        level="province",
                        evaluation_type="first" if step == 0 else "re_evaluation",
                        decision_number=f"B{i}-{step}",
                        decision_date=issued,
                        issued_on=issued,
                        expires_on=issued + relativedelta(months=36),
                        source="imported",
                        superseded_on=issued + relativedelta(months=36) if step < 2 else None,
                    )
                )
        Certificate.objects.bulk_create(certificates, batch_size=5000)
        ideas, plans, funding = [], [], []
        for i in range(int(30000 * scale)):
            idea = ProductIdea(
                commune=rng.choice(communes),
                proposer_name=f"Người đề xuất {i}",
                product_name=f"{rng.choice(WORDS)} ý tưởng {i}",
                product_set=rng.choice(sets),
                description="Ý tưởng",
                year=rng.choice([2023, 2024, 2025, 2026]),
                status=rng.choice(["draft", "submitted", "accepted", "returned"]),
                created_by=staff,
            )
            idea.search_text = fold(idea.product_name)
            ideas.append(idea)
        ProductIdea.objects.bulk_create(ideas, batch_size=5000)
        accepted = [idea for idea in ideas if idea.status == "accepted"]
        for i in range(int(20000 * scale)):
            idea = accepted[i % len(accepted)]
            plan = BusinessPlan(
                idea=idea,
                subject=subjects[i % n_subjects],
                commune=idea.commune,
                title=f"Phương án {i}",
                objectives="Mục tiêu",
                production_plan="Sản xuất",
                market_plan="Thị trường",
                starts_on=datetime.date(2025, 1, 1),
                ends_on=datetime.date(2026, 12, 31),
                year=2025,
                status=rng.choice(["draft", "submitted", "accepted"]),
                created_by=staff,
            )
            plan.search_text = fold(plan.title)
            plans.append(plan)
        BusinessPlan.objects.bulk_create(plans, batch_size=5000)
        for plan in plans:
            funding.append(
                PlanFunding(
                    plan=plan,
                    source="own_capital",
                    amount=Decimal(rng.randrange(10, 900) * 1_000_000),
                )
            )
        PlanFunding.objects.bulk_create(funding, batch_size=5000)
        self._rounds(rng, products, staff, int(300 * scale))
        self._member_passwords()
        self.stdout.write(
            f"subjects={len(subjects)} products={len(products)} certificates={len(certificates)} "
            f"ideas={len(ideas)} plans={len(plans)}"
        )

    def _member_passwords(self):
        # The load generator logs the members in with the demo password.
        for user in User.objects.filter(username__startswith="bench.member"):
            user.set_password(settings.OCOP_DEMO_PASSWORD)
            user.save(update_fields=["password"])

    def _rounds(self, rng, products, staff, count):
        province = AdministrativeUnit.objects.get(level="province", valid_to__isnull=True)
        council = Council.objects.create(
            name="Hội đồng đánh giá (dữ liệu thử tải)",
            kind="council",
            level="province",
            unit=province,
            term_start=datetime.date(2019, 1, 1),
            quorum=7,
        )
        members = [
            User.objects.create_user(
                username=f"bench.member{i}",
                password="x" * 12,
                full_name=f"Thành viên {i}",
                role=Role.COUNCIL_MEMBER,
            )
            for i in range(7)
        ]
        CouncilSeat.objects.bulk_create(
            CouncilSeat(
                council=council,
                user=user,
                position="chair" if i == 0 else "member",
                term_start=datetime.date(2019, 1, 1),
            )
            for i, user in enumerate(members)
        )
        version = CriteriaVersion.objects.get(code="qd26-2026")
        rules = ProcedureRuleSet.objects.get(code="qd26-2026")
        sheets = {
            s.product_set_id: list(s.criteria.prefetch_related("options"))
            for s in CriteriaSheet.objects.filter(version=version)
        }
        rounds = Round.objects.bulk_create(
            Round(
                name=f"Đợt thử tải {i}",
                level="province",
                unit=province,
                year=1000 + i,
                sequence=1,
                criteria_version=version,
                procedure_rules=rules,
                council=council,
                dossier_deadline=datetime.date(2026, 10, 30),
                scoring_opens=datetime.date(2026, 11, 1),
                scoring_closes=datetime.date(2026, 12, 31),
                status="scoring",
                created_by=staff,
            )
            for i in range(count)
        )
        dossiers = Dossier.objects.bulk_create(
            Dossier(round=round_, product=products[i], representative="Đại diện", created_by=staff)
            for i, round_ in enumerate(rounds)
        )
        score_sheets = ScoreSheet.objects.bulk_create(
            ScoreSheet(dossier=dossier, member=member) for dossier in dossiers for member in members
        )
        answers = []
        for sheet in score_sheets:
            criteria = sheets[sheet.dossier.product.product_set_id]
            for criterion in criteria:
                options = list(criterion.options.all())
                answers.append(
                    ScoreAnswer(sheet=sheet, criterion=criterion, option=rng.choice(options))
                )
        ScoreAnswer.objects.bulk_create(answers, batch_size=10000)
