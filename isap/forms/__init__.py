"""The action plan's forms, by what they write: `plans`, `priorities`, `actions`, `support` and
`visit` (the QA visit's review of actions), on the shared parts in `fields`."""

from isap.forms.actions import ActionForm, NoteForm
from isap.forms.plans import PlanStartForm, SignForm
from isap.forms.priorities import PriorityForm, TargetForm
from isap.forms.support import DeploymentForm, ImpactForm

__all__ = [
    "ActionForm",
    "DeploymentForm",
    "ImpactForm",
    "NoteForm",
    "PlanStartForm",
    "PriorityForm",
    "SignForm",
    "TargetForm",
]
