"""People, organisations and roles scoped to places."""

import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Only what the platform needs: an email to log in, and the name they
    choose to show. `public_id` is the pseudonym used in the audit log."""

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("name shown to others"),
        max_length=80,
        blank=True,
        help_text=_("For example your first name, or first name and initial."),
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.public_name

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def public_name(self) -> str:
        if self.is_erased:
            return str(_("a former participant"))
        return self.display_name or str(_("a participant"))


class Role(models.TextChoices):
    RESIDENT = "resident", _("resident")
    ORG_REPRESENTATIVE = "org_representative", _("representative of a resident organisation")
    BODY_MEMBER = "body_member", _("member of a neighbourhood body")
    AREA_OFFICIAL = "area_official", _("area team official")
    FACILITATOR = "facilitator", _("process facilitator")
    COLLEGE = "college", _("member of the college (executive)")
    COUNCIL = "council", _("council member")
    ADMINISTRATOR = "administrator", _("administrator")


# Roles that act for the municipality or hold the keys: they must use two-factor login.
PRIVILEGED_ROLES = {Role.AREA_OFFICIAL, Role.FACILITATOR, Role.COLLEGE, Role.COUNCIL, Role.ADMINISTRATOR}


class OrganisationKind(models.TextChoices):
    RESIDENT_ORGANISATION = "bewonersorganisatie", _("resident organisation")
    VILLAGE_COUNCIL = "dorpsraad", _("village council")
    COLLECTIVE = "collectief", _("residents' collective")
    NEIGHBOURHOOD_BODY = "wijkorgaan", _("neighbourhood body")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="organisations")
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def current(self):
        today = timezone.localdate()
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=today),
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=today),
        )


class Membership(models.Model):
    """A role a person holds for a place (and what lies below it)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    self_declared = models.BooleanField(
        default=False, help_text=_("Set by the person themselves, not checked by the municipality.")
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "place", "organisation"], name="unique_membership"),
        ]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self):
        return f"{self.get_role_display()} – {self.place}"
