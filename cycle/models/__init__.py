"""The cycle app's models (cycle/models/meetings.py)."""

from cycle.models.meetings import (
    CADENCE,
    CLUSTER_KINDS,
    CycleAction,
    CycleActionReview,
    CycleMeeting,
    Decision,
    Kind,
    PackOpening,
)

__all__ = [
    "CADENCE",
    "CLUSTER_KINDS",
    "CycleAction",
    "CycleActionReview",
    "CycleMeeting",
    "Decision",
    "Kind",
    "PackOpening",
]
