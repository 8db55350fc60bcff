"""What the two-factor sign-in tells the apps above it (the audit trail listens), without
naming them: accounts sits below audit in the layers."""

from django.dispatch import Signal

# A second factor was given: the sign-in is complete. Sent with request, user and what (the method).
second_factor_given = Signal()
# A person changed their own second factor. Sent with request, user and what.
second_factor_changed = Signal()
# A trust's security settings changed. Sent with request (None), user (who), trust_id and what.
security_settings_changed = Signal()
# A second factor was refused. Sent with request, user and what (the method tried).
second_factor_failed = Signal()
# A person's second factor was removed by someone else (the recovery path for a lost device).
# Sent with request, user (the person) and acting_user.
second_factor_reset = Signal()
