import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class UnitKind(models.TextChoices):
    # Values are the Vietnamese kind words used in the official code list, so the reference
    # data loads without translation tables.
    PROVINCE = "tỉnh", _("province (tỉnh)")
    CITY = "thành phố", _("city (thành phố)")
    TOWN = "thị xã", _("town (thị xã)")
    DISTRICT = "huyện", _("district (huyện)")
    WARD = "phường", _("ward (phường)")
    TOWNSHIP = "thị trấn", _("township (thị trấn)")
    COMMUNE = "xã", _("commune (xã)")
    SPECIAL_ZONE = "đặc khu", _("special zone (đặc khu)")


class AdministrativeUnitQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date):
        """Units that existed on `day` (the 2025 reorganisation replaced whole structures)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )


class AdministrativeUnit(models.Model):
    """A province, district or commune, dated.

    Official codes are reused across the 1 July 2025 reorganisation (code 44 was Quảng Bình
    before and is the merged Quảng Trị after), so a code is unique only together with the date
    the unit became valid.
    """

    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    level = models.CharField(_("level"), max_length=10, choices=UnitLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["level", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"],
                name="unit_code_unique_per_structure",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="unit_valid_period_ordered",
            ),
        ]
        indexes = [models.Index(fields=["level", "code"])]

    def __str__(self):
        return self.name

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    def valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class UnitSuccession(models.Model):
    """An old unit that became (part of) a new one in a reorganisation."""

    predecessor = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("old unit"),
        on_delete=models.CASCADE,
        related_name="successions",
    )
    successor = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("new unit"),
        on_delete=models.CASCADE,
        related_name="predecessions",
    )
    effective_on = models.DateField(_("effective on"))
    partly = models.BooleanField(
        _("partly merged"),
        default=False,
        help_text=_("Only part of the old unit went into the new one."),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unit_succession_unique"
            )
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"


class Role(models.TextChoices):
    PROVINCE_STAFF = "province_staff", _("Province staff")
    DISTRICT_STAFF = "district_staff", _("District staff")
    COMMUNE_OFFICER = "commune_officer", _("Commune officer")
    LEADER = "leader", _("Leader")
    COUNCIL_MEMBER = "council_member", _("Council member")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    # A producer (chủ thể OCOP) working on its own records; never a member of staff.
    PRODUCER = "producer", _("Producer")


# The unit level each role is attached to; council members and administrators may have none.
ROLE_UNIT_LEVEL = {
    Role.PROVINCE_STAFF: UnitLevel.PROVINCE,
    Role.LEADER: UnitLevel.PROVINCE,
    Role.DISTRICT_STAFF: UnitLevel.DISTRICT,
    Role.COMMUNE_OFFICER: UnitLevel.COMMUNE,
}


def check_unit_for_role(role, unit, role_label) -> None:
    """A role tied to a level (ROLE_UNIT_LEVEL) needs a unit of that level: the rule for an
    account and for each of a person's dated assignments alike."""
    level = ROLE_UNIT_LEVEL.get(role)
    if level is None:
        return
    if unit is None:
        raise ValidationError({"unit": _("This role needs an administrative unit.")})
    if unit.level != level:
        raise ValidationError(
            {
                "unit": _("A %(role)s must belong to a %(level)s-level unit.")
                % {"role": role_label, "level": UnitLevel(level).label.lower()}
            }
        )


class User(AbstractUser):
    """A person who logs in: a member of staff with one role and (except administrators and
    council members) one unit, or a producer's account tied to that producer."""

    full_name = models.CharField(_("full name"), max_length=150)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # The language the person last chose in the portal: messages sent to them while they are
    # away (reminders, tasks) are written in it.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="vi"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )

    # A producer's account belongs to exactly one producer (Subject) and reaches only its records.
    subject = models.ForeignKey(
        "subjects.Subject",
        verbose_name=_("producer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    objects = UserManager()

    REQUIRED_FIELDS = ["email", "full_name", "role"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        indexes = [models.Index(fields=["role", "unit"])]

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
        return self.full_name or self.username

    def get_short_name(self):
        return self.full_name.split()[-1] if self.full_name else self.username

    @property
    def is_system_admin(self) -> bool:
        return self.role == Role.SYSTEM_ADMIN or self.is_superuser

    @property
    def is_producer(self) -> bool:
        return self.role == Role.PRODUCER

    def clean(self):
        super().clean()
        if self.role == Role.PRODUCER and self.subject_id is None:
            raise ValidationError({"subject": _("A producer's account needs its producer.")})
        if self.role != Role.PRODUCER and self.subject_id is not None:
            raise ValidationError({"subject": _("Only a producer's account has a producer.")})
        check_unit_for_role(self.role, self.unit, self.get_role_display())


class Notification(models.Model):
    """An entry in a user's in-portal inbox (also e-mailed when e-mail is configured)."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField(_("message"), max_length=500)
    link = models.CharField(_("link"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.message


class RoleAssignmentQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date):
        """Assignments held on `day` (a report of a past date counts the people of that date)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def current(self):
        return self.filter(valid_to__isnull=True)


class RoleAssignment(models.Model):
    """A person's role in a unit over a period.

    `User.role` / `User.unit` say what an account may do today (the scope choke-point reads
    them); these rows say who held which role where and when, so a report of a past date uses
    the people of that date and a move to another unit keeps the old one in the record. A
    person without an account (a commune officer who never logs in, a member of the council's
    support group) is an assignment with a name and no user: plan 180's training target
    counts them too. A start left empty means "since before the portal's records".
    """

    user = models.ForeignKey(
        User,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    full_name = models.CharField(_("full name"), max_length=150)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    history = HistoricalRecords()
    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["full_name", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="role_assignment_period_ordered",
            ),
            # One open assignment per account: the current one mirrors User.role / User.unit.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(valid_to__isnull=True, user__isnull=False),
                name="role_assignment_one_open_per_user",
            ),
        ]
        indexes = [models.Index(fields=["role", "unit"])]

    def __str__(self):
        return f"{self.full_name} – {self.get_role_display()}"

    @property
    def person_key(self) -> str:
        """Who this is, across assignments: the account, or this row for a person without one."""
        return f"user:{self.user_id}" if self.user_id else f"person:{self.pk}"

    def clean(self):
        super().clean()
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end cannot be before the start.")})
        check_unit_for_role(self.role, self.unit, self.get_role_display())
