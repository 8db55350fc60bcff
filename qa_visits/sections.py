"""The sections of a QA visit record: every focus area of the strategy (DOMAIN.md, 'QA visits').

Each section has a RAG judgement and notes. Two are restricted: the staffing discussion (the CEO and
deputy, the school's Director of QA and its head see it) and the head teacher's performance
management (not the head). Moderation also records which activities took place.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import models

from fht.roles import SchoolPerm


class SectionKey(models.TextChoices):
    DATA_DISCUSSION = "data_discussion", "Data discussion"
    SELF_EVALUATION = "self_evaluation", "Self-evaluation against the last Ofsted inspection"
    TEACHING = "teaching", "Quality of teaching"
    ATTAINMENT_PROGRESS = "attainment_progress", "Attainment and progress by phase"
    VULNERABLE_GROUPS = "vulnerable_groups", "Vulnerable groups"
    EXCLUSIONS = "exclusions", "Exclusions"
    BEHAVIOUR_ATTENDANCE = "behaviour_attendance", "Behaviour and attendance"
    TRANSITION = "transition", "Transition"
    IMPROVEMENT_PLAN = "improvement_plan", "The school's improvement plan and ISAP"
    MODERATION = "moderation", "Moderation of action and impact"
    STAFFING = "staffing", "Staffing and wellbeing"
    HEAD_PERFORMANCE = "head_performance", "Head teacher performance management"
    HEAD_CONCERNS = "head_concerns", "Concerns raised by the head"
    STRENGTHS = "strengths", "Strengths"
    AREAS_FOR_DEVELOPMENT = "areas_for_development", "Areas for development"
    NEXT_STEPS = "next_steps", "Agreed next steps"


class ModerationActivity(models.TextChoices):
    JOINT_OBSERVATION = "joint_observation", "Joint lesson observation"
    LEARNING_WALK = "learning_walk", "Learning walk"
    WORK_SAMPLING = "work_sampling", "Work sampling and book look"
    PUPIL_VOICE = "pupil_voice", "Pupil-voice discussion"
    LEADER_DISCUSSION = "leader_discussion", "Discussion with leaders"
    DOCUMENTATION = "documentation", "Documentation review"


class Restriction(StrEnum):
    NONE = "none"
    STAFFING = "staffing"
    HEAD_PERFORMANCE = "head_performance"


@dataclass(frozen=True)
class Section:
    key: SectionKey
    hint: str
    restriction: Restriction = Restriction.NONE
    has_rag: bool = True

    @property
    def title(self) -> str:
        return str(self.key.label)

    @property
    def permission(self) -> SchoolPerm | None:
        """The school permission a reader needs to see this section, beyond reading the visit."""
        return {
            Restriction.NONE: None,
            Restriction.STAFFING: SchoolPerm.VIEW_RESTRICTED,
            Restriction.HEAD_PERFORMANCE: SchoolPerm.VIEW_HEAD_PERFORMANCE,
        }[self.restriction]


SECTIONS: tuple[Section, ...] = (
    Section(
        SectionKey.DATA_DISCUSSION,
        "The latest data return against national and the school's targets: what it shows.",
    ),
    Section(
        SectionKey.SELF_EVALUATION,
        "The school's own grading against its last Ofsted inspection, and whether you agree.",
    ),
    Section(SectionKey.TEACHING, "What you saw of teaching, and how leaders know it is good."),
    Section(
        SectionKey.ATTAINMENT_PROGRESS,
        "At entry, EYFS, the Year 1 phonics check, Key Stage 1 and Key Stage 2.",
    ),
    Section(
        SectionKey.VULNERABLE_GROUPS,
        "Disadvantaged pupils, SEND, EAL and children looked after.",
    ),
    Section(SectionKey.EXCLUSIONS, "Suspensions and permanent exclusions, and why."),
    Section(SectionKey.BEHAVIOUR_ATTENDANCE, "Behaviour, attendance and persistent absence."),
    Section(SectionKey.TRANSITION, "Into Reception, between phases and on to secondary school."),
    Section(
        SectionKey.IMPROVEMENT_PLAN,
        "The school's priorities, the action taken and its judgement of impact.",
    ),
    Section(
        SectionKey.MODERATION,
        "Which activities you carried out with leaders, and what they found.",
    ),
    Section(
        SectionKey.STAFFING,
        "Leavers, new staff, performance and talent management, capability, wellbeing.",
        Restriction.STAFFING,
    ),
    Section(
        SectionKey.HEAD_PERFORMANCE,
        "Implications for the head teacher's performance management. The head does not see this.",
        Restriction.HEAD_PERFORMANCE,
    ),
    Section(SectionKey.HEAD_CONCERNS, "What the head raised, in their words.", has_rag=False),
    Section(SectionKey.STRENGTHS, "What the school does well.", has_rag=False),
    Section(SectionKey.AREAS_FOR_DEVELOPMENT, "What must improve.", has_rag=False),
    Section(
        SectionKey.NEXT_STEPS,
        "What was agreed, who does it and by when; targets set.",
        has_rag=False,
    ),
)

SECTION_BY_KEY = {s.key.value: s for s in SECTIONS}
