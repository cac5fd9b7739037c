from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and programmes")

    def ready(self) -> None:
        from accounts import schema  # noqa: F401 - registers the OpenAPI auth extension
        from accounts.audit import audit_register
        from accounts.data_register import ENTRIES, THIRD_PARTY_ENTRIES, register_data
        from accounts.models import Membership, Program, User
        from accounts.scoping import forget_memberships

        # Notifications are not audited: the outbox is its own record, one row per e-mail.
        audit_register(
            User,
            subjects=lambda user: {"user": user.pk},
            exclude_fields=("password", "last_login", "email_confirmed"),
        )
        audit_register(
            Membership,
            subjects=lambda membership: {
                "user": membership.user_id,
                "program": membership.program_id,
            },
        )
        audit_register(
            Program,
            subjects=lambda program: {"program": program.pk},
            exclude_fields=("pool_version", "training_version"),
        )
        register_data("accounts", ENTRIES)
        # A membership written during a request: its role checks read memberships anew.
        post_save.connect(forget_memberships, sender=Membership, dispatch_uid="forget_memberships")
        post_delete.connect(
            forget_memberships, sender=Membership, dispatch_uid="forget_memberships_deleted"
        )
        register_data("", THIRD_PARTY_ENTRIES)
        from allauth.account.models import EmailAddress

        from accounts.services import email_address_owner_remembered, email_confirmed_mirror

        # allauth writes the addresses outside our services: receivers keep the user's flag.
        pre_save.connect(
            email_address_owner_remembered, sender=EmailAddress, dispatch_uid="mirror_owner"
        )
        post_save.connect(email_confirmed_mirror, sender=EmailAddress, dispatch_uid="mirror_saved")
        post_delete.connect(
            email_confirmed_mirror, sender=EmailAddress, dispatch_uid="mirror_deleted"
        )
