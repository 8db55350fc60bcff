"""The measures the trust collects, and how each is shown.

A measure is termly (in every data return) or statutory (once a year, when the results arrive).
National benchmarks and school targets are held per measure and academic year, so every figure can be
shown against both.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import models


class Unit(StrEnum):
    PERCENT = "%"
    COUNT = "count"
    SCORE = "score"  # a progress score: may be negative, not a percentage


class Measure(models.TextChoices):
    # Termly, from each data return.
    ATTENDANCE = "attendance", "Attendance"
    PERSISTENT_ABSENCE = "persistent_absence", "Persistent absence"
    SUSPENSIONS = "suspensions", "Suspensions"
    PERMANENT_EXCLUSIONS = "permanent_exclusions", "Permanent exclusions"
    ON_TRACK_READING = "on_track_reading", "On track at ARE, reading"
    ON_TRACK_WRITING = "on_track_writing", "On track at ARE, writing"
    ON_TRACK_MATHS = "on_track_maths", "On track at ARE, maths"
    ON_TRACK_COMBINED = "on_track_combined", "On track at ARE, reading, writing and maths"
    # Statutory, once a year.
    EYFS_GLD = "eyfs_gld", "EYFS good level of development"
    PHONICS_Y1 = "phonics_y1", "Year 1 phonics screening check"
    KS1_READING = "ks1_reading", "Key Stage 1 reading, expected standard"
    KS1_WRITING = "ks1_writing", "Key Stage 1 writing, expected standard"
    KS1_MATHS = "ks1_maths", "Key Stage 1 maths, expected standard"
    KS2_RWM_EXPECTED = (
        "ks2_rwm_expected",
        "Key Stage 2 reading, writing and maths, expected standard",
    )
    KS2_RWM_HIGHER = "ks2_rwm_higher", "Key Stage 2 reading, writing and maths, higher standard"
    KS2_READING_PROGRESS = "ks2_reading_progress", "Key Stage 2 reading progress"
    KS2_WRITING_PROGRESS = "ks2_writing_progress", "Key Stage 2 writing progress"
    KS2_MATHS_PROGRESS = "ks2_maths_progress", "Key Stage 2 maths progress"


@dataclass(frozen=True)
class MeasureInfo:
    unit: Unit
    statutory: bool
    higher_is_better: bool = True


MEASURES: dict[Measure, MeasureInfo] = {
    Measure.ATTENDANCE: MeasureInfo(Unit.PERCENT, statutory=False),
    Measure.PERSISTENT_ABSENCE: MeasureInfo(Unit.PERCENT, statutory=False, higher_is_better=False),
    Measure.SUSPENSIONS: MeasureInfo(Unit.COUNT, statutory=False, higher_is_better=False),
    Measure.PERMANENT_EXCLUSIONS: MeasureInfo(Unit.COUNT, statutory=False, higher_is_better=False),
    Measure.ON_TRACK_READING: MeasureInfo(Unit.PERCENT, statutory=False),
    Measure.ON_TRACK_WRITING: MeasureInfo(Unit.PERCENT, statutory=False),
    Measure.ON_TRACK_MATHS: MeasureInfo(Unit.PERCENT, statutory=False),
    Measure.ON_TRACK_COMBINED: MeasureInfo(Unit.PERCENT, statutory=False),
    Measure.EYFS_GLD: MeasureInfo(Unit.PERCENT, statutory=True),
    Measure.PHONICS_Y1: MeasureInfo(Unit.PERCENT, statutory=True),
    Measure.KS1_READING: MeasureInfo(Unit.PERCENT, statutory=True),
    Measure.KS1_WRITING: MeasureInfo(Unit.PERCENT, statutory=True),
    Measure.KS1_MATHS: MeasureInfo(Unit.PERCENT, statutory=True),
    Measure.KS2_RWM_EXPECTED: MeasureInfo(Unit.PERCENT, statutory=True),
    Measure.KS2_RWM_HIGHER: MeasureInfo(Unit.PERCENT, statutory=True),
    Measure.KS2_READING_PROGRESS: MeasureInfo(Unit.SCORE, statutory=True),
    Measure.KS2_WRITING_PROGRESS: MeasureInfo(Unit.SCORE, statutory=True),
    Measure.KS2_MATHS_PROGRESS: MeasureInfo(Unit.SCORE, statutory=True),
}

STATUTORY = [m for m, info in MEASURES.items() if info.statutory]


def info(measure: str) -> MeasureInfo:
    return MEASURES[Measure(measure)]
