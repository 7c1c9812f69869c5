"""Life after the certificate: dossier kinds by the rules, revocation where allowed, renewals
prefilled, inspections with consequences."""

import datetime

import pytest

from evaluation import services
from ocop_portal.exceptions import TransitionError
from tests import factories
from tests.evaluation.helpers import make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(cast, units):
    return factories.product(
        cast["commune_a"], factories.subject(units.current("19429")), name="Mật ong Vĩnh Hòa"
    )


def test_an_upgrade_needs_a_certificate_in_force(cast, units, product):
    round_ = make_round(cast, units)
    kwargs = {"actor": cast["province_staff"], "round_": round_, "product": product}
    with pytest.raises(TransitionError, match="giấy chứng nhận còn hiệu lực|certificate in force"):
        services.dossier_create(evaluation_type="upgrade", representative="A", **kwargs)
    expired = factories.certificate(product, issued_on=datetime.date(2020, 1, 1))
    with pytest.raises(TransitionError):
        services.dossier_create(evaluation_type="upgrade", representative="A", **kwargs)
    expired.delete()
    factories.certificate(product, stars=3)
    assert services.dossier_create(evaluation_type="upgrade", representative="A", **kwargs).pk


def test_re_evaluation_needs_a_certificate_in_force(cast, units, product):
    round_ = make_round(cast, units)
    with pytest.raises(TransitionError, match="không có giấy chứng nhận|no valid certificate"):
        services.dossier_create(
            actor=cast["province_staff"],
            round_=round_,
            product=product,
            evaluation_type="re_evaluation",
            representative="A",
        )


def test_the_revoke_button_shows_only_where_revocation_is_allowed(cast, product, client_for):
    four = factories.certificate(product, stars=4, number="4/QĐ")
    five = factories.certificate(product, stars=5, number="5/QĐ-BNNMT", level="central")
    staff = client_for("province_staff")
    page = staff.get(f"/evaluation/certificates/{four.pk}/").content.decode()
    assert f"/evaluation/certificates/{four.pk}/revoke/" in page
    page = staff.get(f"/evaluation/certificates/{five.pk}/").content.decode()
    assert f"/evaluation/certificates/{five.pk}/revoke/" not in page
    assert "do Bộ Nông nghiệp và Môi trường thu hồi" in page
    response = staff.get(f"/evaluation/certificates/{five.pk}/revoke/", follow=True)
    assert response.redirect_chain[-1][0] == f"/evaluation/certificates/{five.pk}/"
    # district staff never get the button
    page = client_for("district_a").get(f"/evaluation/certificates/{four.pk}/").content.decode()
    assert "/revoke/" not in page
