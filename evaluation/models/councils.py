from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import AdministrativeUnit


class CouncilKind(models.TextChoices):
    COUNCIL = "council", _("Evaluation council")
    ADVISORY_GROUP = "advisory_group", _("Advisory group")


class CouncilLevel(models.TextChoices):
    DISTRICT = "district", _("District")
    PROVINCE = "province", _("Province")


class MinimaMode(models.TextChoices):
    # The decree does not say whose answers the star minima are checked on (OCOP brief §4).
    MAJORITY = "majority", _("the majority answer (ties to the lower option)")
    PER_MEMBER = "per_member", _("each member's sheet")


class Council(models.Model):
    """An OCOP evaluation council (hội đồng) or its advisory group (tổ tư vấn), set up by a
    People's Committee decision for a unit and a term."""

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=CouncilKind.choices)
    level = models.CharField(_("level"), max_length=10, choices=CouncilLevel.choices)
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    decision_number = models.CharField(_("establishing decision"), max_length=100, blank=True)
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True)
    quorum = models.PositiveSmallIntegerField(
        _("quorum"), default=3, help_text=_("Members whose sheets must count for a result.")
    )
    # Council regulations commonly keep members' totals within 10 points of each other.
    max_spread = models.DecimalField(
        _("maximum spread between totals"), max_digits=5, decimal_places=2, default=10
    )
    minima_mode = models.CharField(
        _("star minima judged on"),
        max_length=12,
        choices=MinimaMode.choices,
        default=MinimaMode.MAJORITY,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        ordering = ["-term_start", "name"]

    def __str__(self):
        return self.name

    def scoring_seats(self, on=None):
        """The seats whose holders fill a sheet on a day (today by default): active on that
        day, and not the secretary, who records but does not score."""
        return self.seats.active_on(on).exclude(position=SeatPosition.SECRETARY)


class SeatPosition(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")


class SeatQuerySet(models.QuerySet):
    def active_on(self, day=None):
        """Seats whose term covers the day (today by default): access follows the seat's dates."""

        day = day or timezone.localdate()
        return self.filter(Q(term_end__isnull=True) | Q(term_end__gte=day), term_start__lte=day)


class CouncilSeat(models.Model):
    """A user's seat on a council for a term. A person may hold seats besides their own role,
    but never two overlapping seats on one council (`services.seat_add` refuses them)."""

    council = models.ForeignKey(
        Council, verbose_name=_("council"), on_delete=models.CASCADE, related_name="seats"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="council_seats",
    )
    position = models.CharField(_("position"), max_length=20, choices=SeatPosition.choices)
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True)
    end_reason = models.TextField(_("reason the seat ended"), blank=True)

    history = HistoricalRecords()
    objects = SeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("council seat")
        verbose_name_plural = _("council seats")
        constraints = [
            models.UniqueConstraint(
                fields=["council", "user", "term_start"], name="council_seat_unique"
            ),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_start__lte=models.F("term_end")),
                name="council_seat_term_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_position_display()} – {self.council}"
