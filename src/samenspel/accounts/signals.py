"""Security-relevant account events from django-allauth go into the audit log. The entries
name the person only by pseudonym and never hold addresses, passwords or secrets."""

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals

from samenspel.core import audit

ACCOUNT_EVENTS = {
    account_signals.user_signed_up: "accounts.person.signed_up",
    account_signals.password_changed: "accounts.password.changed",
    account_signals.password_set: "accounts.password.set",
    account_signals.password_reset: "accounts.password.reset",
}
MFA_EVENTS = {
    mfa_signals.authenticator_added: "accounts.two_factor.added",
    mfa_signals.authenticator_removed: "accounts.two_factor.removed",
    mfa_signals.authenticator_reset: "accounts.two_factor.reset",
}


def _receiver(action: str):
    def receive(sender, user=None, authenticator=None, **kwargs):
        data = {"type": authenticator.type} if authenticator is not None else {}
        audit.record(action, actor=user, obj=user, data=data)

    receive.__name__ = f"audit_{action.replace('.', '_')}"
    return receive


def _email_confirmed(sender, email_address=None, **kwargs):
    audit.record("accounts.email.confirmed", actor=email_address.user, obj=email_address.user)


_receivers = []  # signals hold weak references; keep ours alive


def connect() -> None:
    for signal, action in {**ACCOUNT_EVENTS, **MFA_EVENTS}.items():
        receiver = _receiver(action)
        _receivers.append(receiver)
        signal.connect(receiver, dispatch_uid=action)
    account_signals.email_confirmed.connect(_email_confirmed, dispatch_uid="accounts.email.confirmed")
