"""The words of the demo action plans: the priorities a primary trust writes, the actions that
deliver them, the notes heads write as they go, and the support the trust deploys.

Each priority idea says which phases it suits (an infant school has no Key Stage 2 writing
results; a junior school no phonics check), which measures the data returns hold for its targets
(with the step a year's plan aims for: negative where lower is better), targets in words, the
actions (owner: "head", "chair" or a role at the school), and the support that fits it.
"""

from dataclasses import dataclass

from returns.measures import Measure

EYFS, KS1, KS2 = "eyfs", "ks1", "ks2"
ALL_PHASES = frozenset({EYFS, KS1, KS2})


@dataclass(frozen=True)
class ActionIdea:
    what: str
    owner: str
    weeks: int  # how long it usually runs
    notes: tuple[str, str]  # the school's progress notes, first and later


@dataclass(frozen=True)
class SupportIdea:
    kind: str  # "subject" (the school's lead practitioner or SLE), "director", "cpd", "external"
    outcome: str
    provider_name: str = ""  # for "external"
    provider: str = "external"  # Deployment.Provider value for "external"


@dataclass(frozen=True)
class PriorityIdea:
    key: str
    title: str
    description: str
    phases: frozenset[str]
    measures: tuple[tuple[Measure, float], ...]
    words: tuple[tuple[str, float, float], ...]  # (measure in words, baseline, target)
    actions: tuple[ActionIdea, ...]
    school_impact: tuple[str, ...]
    support: tuple[SupportIdea, ...]
    subject: str = ""  # matched against a lead practitioner's or SLE's job title


IDEAS: tuple[PriorityIdea, ...] = (
    PriorityIdea(
        key="early_reading",
        title="Early reading and phonics",
        description="Phonics is not taught with enough fidelity to the school's validated "
        "programme, and too many pupils who fall behind in Reception and Year 1 do not catch up "
        "quickly. Books are not always matched to the sounds pupils know.",
        phases=frozenset({EYFS, KS1}),
        measures=((Measure.PHONICS_Y1, 6.0), (Measure.ON_TRACK_READING, 4.0)),
        words=(("Pupils in the lowest 20% reading fluently at their phonics stage (%)", 45, 75),),
        actions=(
            ActionIdea(
                "Refresher training on the validated phonics programme for every Reception and "
                "Key Stage 1 teacher and teaching assistant.",
                "English lead",
                6,
                (
                    "Training held on the INSET day for every Reception and Key Stage 1 adult; two "
                    "new teaching assistants booked on the next session.",
                    "All staff now trained; drop-ins show the programme's routines in every "
                    "phonics lesson.",
                ),
            ),
            ActionIdea(
                "Daily keep-up sessions for pupils who did not secure the day's sound, tracked "
                "on the programme's half-termly assessment.",
                "Phonics lead",
                16,
                (
                    "Keep-up groups running daily in Reception and Year 1; 11 pupils identified "
                    "after the half-termly assessment.",
                    "7 of the 11 pupils have caught up; the rest have extra one-to-one practice.",
                ),
            ),
            ActionIdea(
                "Audit decodable reading books so every book sent home matches the sounds the "
                "pupil has been taught; withdraw the rest.",
                "English lead",
                8,
                (
                    "Audit started: many of the old scheme books do not follow the programme's "
                    "order of sounds.",
                    "Audit complete: about a third of the books withdrawn and replaced with "
                    "matched decodable books.",
                ),
            ),
            ActionIdea(
                "Practice phonics screening check in February; targeted tutoring for every "
                "pupil below the threshold.",
                "Year 1 teacher",
                12,
                (
                    "Practice check done: 61% at the threshold. Tutoring groups set up for the "
                    "rest.",
                    "Second practice check: 74% at the threshold, up from 61%.",
                ),
            ),
            ActionIdea(
                "Head and English lead to drop in on phonics lessons weekly and give same-day "
                "feedback.",
                "head",
                20,
                (
                    "Weekly drop-ins under way and feedback logged. Pace in Year 1 slows in the "
                    "second half of lessons.",
                    "Drop-ins now show consistent, well-paced lessons in every class.",
                ),
            ),
            ActionIdea(
                "Parents' workshops on reading at home in Reception and Year 1.",
                "Family liaison officer",
                6,
                (
                    "First workshop held: 18 Reception families came.",
                    "Second workshop for Year 1 families; reading records show more reading at "
                    "home.",
                ),
            ),
        ),
        school_impact=(
            "Phonics lessons now follow the programme in every class; the lowest 20% are "
            "tracked weekly and most are keeping up.",
            "Pupils read books matched to their phonics stage at home and in school.",
        ),
        support=(
            SupportIdea(
                "subject",
                "Phonics teaching consistent with the programme in Reception and Year 1; "
                "keep-up sessions led confidently by teaching assistants.",
            ),
            SupportIdea(
                "external",
                "Fidelity to the programme checked by the English hub; an audit and a follow-up "
                "visit with the English lead.",
                "Sherwood English Hub",
            ),
            SupportIdea(
                "cpd",
                "Places for the new Year 1 teacher and two teaching assistants on the trust's "
                "phonics training.",
            ),
        ),
        subject="english eyfs",
    ),
    PriorityIdea(
        key="writing",
        title="Writing in Key Stage 2",
        description="Pupils' writing lags behind their reading and maths, especially in Years 3 "
        "and 4. Sentence-level teaching is inconsistent and pupils do not get enough practice "
        "of extended writing across the curriculum.",
        phases=frozenset({KS2}),
        measures=((Measure.ON_TRACK_WRITING, 6.0), (Measure.KS2_RWM_EXPECTED, 5.0)),
        words=(("Teachers confident in modelled and shared writing (staff survey, %)", 40, 85),),
        actions=(
            ActionIdea(
                "Introduce a whole-school approach to sentence-level grammar, taught daily and "
                "applied in extended writing.",
                "English lead",
                12,
                (
                    "Grammar sequence launched at the staff meeting; the English lead modelled "
                    "lessons in Years 3 and 4.",
                    "Book look: sentence-level teaching now shows in every class's extended "
                    "writing.",
                ),
            ),
            ActionIdea(
                "Half-termly moderation of writing with a partner school in the cluster.",
                "English lead",
                24,
                (
                    "First moderation with the partner school agreed most judgements; Year 4 was "
                    "generous and has been adjusted.",
                    "Second round: judgements agreed in every year group.",
                ),
            ),
            ActionIdea(
                "Coaching for the Year 3 and Year 4 teachers on modelled and shared writing.",
                "Deputy head",
                10,
                (
                    "Coaching under way with the Year 3 teacher; the Year 4 teacher starts after "
                    "half-term.",
                    "Both teachers now model writing confidently, as seen on the learning walk.",
                ),
            ),
            ActionIdea(
                "Handwriting and transcription fluency intervention for Year 3 pupils who write "
                "slowly.",
                "Teaching assistant (Year 3)",
                12,
                (
                    "Twelve Year 3 pupils in the handwriting group, three sessions a week.",
                    "Writing speed up for most of the group; four pupils continue.",
                ),
            ),
            ActionIdea(
                "One extended piece of writing a fortnight in history, geography or science, "
                "planned with the English lead.",
                "Curriculum lead",
                16,
                (
                    "Extended writing planned into this half-term's history and science units.",
                    "Book look: a fortnightly extended piece in history, geography or science in "
                    "every class.",
                ),
            ),
            ActionIdea(
                "Pupil progress meetings to include writing for every pupil, with named next "
                "steps for those not on track.",
                "head",
                20,
                (
                    "Writing added to the pupil progress meeting template; first round held.",
                    "Every pupil not on track in writing now has a named next step.",
                ),
            ),
        ),
        school_impact=(
            "Books show more, and better, extended writing; moderation confirms our judgements.",
            "Writing on track has risen in Years 3 and 4 and the gap to reading has narrowed.",
        ),
        support=(
            SupportIdea(
                "subject",
                "Teachers in Years 3 and 4 model writing confidently; moderation judgements "
                "secure across the school.",
            ),
            SupportIdea(
                "director",
                "Joint book looks with the English lead each half-term to check the impact of "
                "the grammar sequence.",
            ),
            SupportIdea(
                "external",
                "A writing consultant's training day for all Key Stage 2 staff, with a follow-up "
                "lesson study.",
                "Inspire Writing Consultancy",
            ),
        ),
        subject="english",
    ),
    PriorityIdea(
        key="maths",
        title="Maths fluency and reasoning",
        description="Pupils' recall of number facts is weak, so lessons slow down and reasoning "
        "is rushed. Results in the multiplication tables check were below national.",
        phases=frozenset({KS1, KS2}),
        measures=((Measure.ON_TRACK_MATHS, 5.0),),
        words=(
            ("Year 4 pupils scoring 20 or more in the multiplication tables check (%)", 28, 40),
        ),
        actions=(
            ActionIdea(
                "Daily ten-minute fluency sessions from Year 2 to Year 6, with practice for the "
                "multiplication tables check in Year 4.",
                "Maths lead",
                20,
                (
                    "Fluency sessions timetabled in every class; the learning walk shows pupils "
                    "know the routine.",
                    "Year 4 practice check: average score up from 15 to 19 since September.",
                ),
            ),
            ActionIdea(
                "Maths lead to join the maths hub's mastery specialist programme.",
                "Maths lead",
                30,
                (
                    "The maths lead has started the programme and attended the first work group.",
                    "Work group under way with two other schools; the maths lead shares practice "
                    "at staff meetings.",
                ),
            ),
            ActionIdea(
                "Lesson study on reasoning in Years 5 and 6 with the trust's maths lead "
                "practitioner.",
                "Maths lead",
                10,
                (
                    "Lesson study cycle 1 complete in Year 6; reasoning prompts shared with staff.",
                    "Cycle 2 in Year 5: pupils explain their methods in full sentences.",
                ),
            ),
            ActionIdea(
                "Same-day intervention for pupils who did not grasp the lesson, planned into the "
                "timetable.",
                "Deputy head",
                16,
                (
                    "Same-day intervention timetabled after lunch in Years 2 to 6.",
                    "Learning walk: the right pupils are picked up the same day; fewer gaps at the "
                    "end of units.",
                ),
            ),
            ActionIdea(
                "Replace the calculation policy with one consistent set of representations from "
                "Reception to Year 6.",
                "Maths lead",
                8,
                (
                    "Draft policy shared with staff for comment.",
                    "Policy agreed and shared with parents at the maths evening.",
                ),
            ),
        ),
        school_impact=(
            "Number-fact recall is improving in every year group and lessons keep their pace.",
            "Teachers plan reasoning into every lesson; pupils explain their methods more fully.",
        ),
        support=(
            SupportIdea(
                "subject",
                "Reasoning taught well in Years 5 and 6; the maths lead able to lead lesson "
                "study independently.",
            ),
            SupportIdea(
                "external",
                "Work group places on the maths hub's Teaching for Mastery programme.",
                "East Midlands Maths Hub",
            ),
        ),
        subject="maths",
    ),
    PriorityIdea(
        key="attendance",
        title="Attendance and persistent absence",
        description="Attendance is below national and persistent absence is high, particularly "
        "among disadvantaged pupils and pupils with SEND. Follow-up of absence is not "
        "consistent and families are not challenged early enough.",
        phases=ALL_PHASES,
        measures=((Measure.ATTENDANCE, 1.2), (Measure.PERSISTENT_ABSENCE, -4.0)),
        words=(),
        actions=(
            ActionIdea(
                "First-day calling for every absence, and a home visit on the third day.",
                "Attendance officer",
                36,
                (
                    "First-day calling in place since the start of term; the office logs every "
                    "call.",
                    "Home visits made on the third day for 9 pupils; most returned the next day.",
                ),
            ),
            ActionIdea(
                "Attendance support meetings with the families of every persistently absent "
                "pupil, with a written plan for each.",
                "Attendance officer",
                12,
                (
                    "Support meetings held with 14 families; a written plan agreed with each.",
                    "9 of the 14 pupils' attendance improved over the following half-term.",
                ),
            ),
            ActionIdea(
                "Weekly attendance review by the head and the attendance officer; letters at 90% "
                "and referrals to the local authority at 85%.",
                "head",
                36,
                (
                    "Weekly review running: 12 letters sent at 90% and two referrals made at 85%.",
                    "Persistent absence down in the latest return, though still above national.",
                ),
            ),
            ActionIdea(
                "Early help referrals for families where absence comes with wider needs, with "
                "the local authority's attendance team.",
                "Designated safeguarding lead",
                16,
                (
                    "Two early help referrals made; the local authority attendance officer visits "
                    "fortnightly.",
                    "Both families engaged with early help; their children's attendance is rising.",
                ),
            ),
            ActionIdea(
                "Class attendance celebration each Friday and a termly reward for 97% or better.",
                "Pastoral lead",
                12,
                (
                    "Friday celebration started; classes compete for the attendance trophy.",
                    "Termly reward given to 140 pupils at 97% or better.",
                ),
            ),
            ActionIdea(
                "Governors to receive a half-termly attendance report and challenge the trend.",
                "chair",
                30,
                (
                    "First half-termly attendance report went to governors.",
                    "Governors challenged the attendance of pupils with SEND at the last meeting.",
                ),
            ),
        ),
        school_impact=(
            "Attendance has risen and persistent absence has fallen for two returns running.",
            "Families of persistently absent pupils are met early; most improve within a "
            "half-term.",
        ),
        support=(
            SupportIdea(
                "director",
                "Attendance review with the head each half-term; the attendance officer shadows "
                "a partner school's process.",
            ),
            SupportIdea(
                "external",
                "Traded attendance service: a weekly attendance officer visit and legal "
                "follow-up where needed.",
                "Local authority attendance service",
            ),
        ),
    ),
    PriorityIdea(
        key="send",
        title="SEND provision and adaptive teaching",
        description="Provision for pupils with special educational needs is not planned or "
        "reviewed well enough. Teachers do not yet adapt lessons so that pupils with SEND can "
        "access the same curriculum as their peers.",
        phases=ALL_PHASES,
        measures=((Measure.ON_TRACK_COMBINED, 4.0),),
        words=(
            ("Pupils with SEND whose support plan was reviewed this term (%)", 55, 100),
            ("Lessons seen with effective adaptation for pupils with SEND (%)", 50, 85),
        ),
        actions=(
            ActionIdea(
                "Update the provision map and review every pupil's SEND support plan with "
                "parents each term.",
                "SENCo",
                14,
                (
                    "Provision map rewritten; support plans reviewed with parents for Years 1 to "
                    "3.",
                    "Every pupil with SEND now has a plan reviewed with parents this term.",
                ),
            ),
            ActionIdea(
                "Training for all teachers on adaptive teaching, followed by coaching in class.",
                "SENCo",
                10,
                (
                    "Adaptive teaching training delivered at the INSET day; coaching starts next "
                    "week.",
                    "Learning walk: adaptations seen in most lessons, though not yet in Year 5 "
                    "maths.",
                ),
            ),
            ActionIdea(
                "SENCo to start the National Professional Qualification for SENCos, with one day "
                "a week release time.",
                "head",
                36,
                (
                    "The SENCo has started the NPQ; release time protected on Wednesdays.",
                    "First NPQ assignment submitted; the SENCo's project is on provision mapping.",
                ),
            ),
            ActionIdea(
                "Review the pupils who may need an education, health and care plan and submit "
                "the applications.",
                "SENCo",
                12,
                (
                    "Four pupils discussed with the educational psychologist; two applications "
                    "being prepared.",
                    "Two EHCP applications submitted; one assessment agreed by the local "
                    "authority.",
                ),
            ),
            ActionIdea(
                "Teaching assistants trained in precision teaching and speech and language "
                "interventions.",
                "SENCo",
                8,
                (
                    "Six teaching assistants trained in precision teaching.",
                    "Precision teaching running for 15 pupils; most show gains in reading "
                    "accuracy.",
                ),
            ),
            ActionIdea(
                "Link governor for SEND to meet the SENCo termly and report to the full "
                "governing body.",
                "chair",
                30,
                (
                    "Link governor met the SENCo and reported to the full governing body.",
                    "Second visit held; governors asked for a termly report on the attendance of "
                    "pupils with SEND.",
                ),
            ),
        ),
        school_impact=(
            "Every pupil with SEND has a current plan that parents have seen; teachers use "
            "them in lessons.",
            "Adaptation for pupils with SEND is seen in most lessons.",
        ),
        support=(
            SupportIdea(
                "external",
                "Educational psychologist's consultation days to review the most complex "
                "pupils and advise teachers.",
                "Educational psychology service",
            ),
            SupportIdea(
                "director",
                "A SEND review with the SENCo and the trust's inclusion guidance; follow-up at "
                "the next visit.",
            ),
            SupportIdea(
                "cpd",
                "The SENCo and two teachers on the trust's adaptive teaching programme.",
            ),
        ),
    ),
    PriorityIdea(
        key="curriculum",
        title="Curriculum sequencing in the foundation subjects",
        description="The curriculum in history, geography and art is not yet well sequenced: "
        "leaders have not set out what pupils should know at each end point, so pupils cannot "
        "build on what they learnt before. Subject leaders are new to their roles.",
        phases=ALL_PHASES,
        measures=(),
        words=(
            ("Foundation subjects with a sequenced curriculum and end-of-unit checks", 3, 8),
            ("Subject leaders who have led a subject review this year", 1, 6),
        ),
        actions=(
            ActionIdea(
                "Subject leaders map the knowledge and vocabulary taught from Reception to Year "
                "6 in history and geography.",
                "Curriculum lead",
                12,
                (
                    "History and geography maps drafted; the subject leaders presented them to "
                    "staff.",
                    "Maps finalised, with end points agreed for each year group.",
                ),
            ),
            ActionIdea(
                "Two subject reviews a term with trust colleagues, each reported to governors.",
                "Deputy head",
                24,
                (
                    "Subject review in history complete: pupils in Year 5 recall the chronology "
                    "well.",
                    "Geography review held with a trust colleague; the report went to governors.",
                ),
            ),
            ActionIdea(
                "Low-stakes retrieval quizzes at the start of every foundation-subject lesson.",
                "Curriculum lead",
                10,
                (
                    "Quiz routine launched at the staff meeting.",
                    "Retrieval quizzes seen in every class on the learning walk.",
                ),
            ),
            ActionIdea(
                "Book look across the foundation subjects with the Director of QA.",
                "head",
                4,
                (
                    "Book look with the Director of QA: more completed work in geography than last "
                    "year; art still thin.",
                    "Follow-up book look: art sketchbooks now show a sequence of skills.",
                ),
            ),
            ActionIdea(
                "Subject leader release time: half a day a half-term for each leader.",
                "head",
                30,
                (
                    "Release time timetabled for every subject leader this half-term.",
                    "Subject leaders used their time for pupil voice and book looks, and shared "
                    "what they found.",
                ),
            ),
            ActionIdea(
                "Rewrite the art and design curriculum with the trust's subject network.",
                "Art lead",
                14,
                (
                    "The art lead joined the trust network and drafted a sequence for drawing and "
                    "painting.",
                    "New art curriculum taught from this half-term.",
                ),
            ),
        ),
        school_impact=(
            "Subject leaders can explain how their curriculum builds from Reception to Year 6.",
            "Pupils remember more of what they learnt in history and geography.",
        ),
        support=(
            SupportIdea(
                "cpd",
                "Subject leaders join the trust's subject networks; two training sessions on "
                "curriculum sequencing.",
            ),
            SupportIdea(
                "director",
                "Joint subject reviews in history and geography with the subject leaders.",
            ),
            SupportIdea(
                "external",
                "Subject association training for the history and geography leads, with a "
                "review of their curriculum maps.",
                "Historical Association and Geographical Association",
            ),
        ),
    ),
    PriorityIdea(
        key="behaviour",
        title="Behaviour and routines",
        description="Low-level disruption interrupts learning in some classes and suspensions "
        "have risen. The behaviour policy is not applied consistently and some staff lack "
        "confidence with pupils who have social, emotional and mental health needs.",
        phases=ALL_PHASES,
        measures=((Measure.SUSPENSIONS, -2.0),),
        words=(("Lessons with low-level disruption on learning walks (%)", 35, 10),),
        actions=(
            ActionIdea(
                "Relaunch the behaviour policy with three consistent classroom routines, "
                "modelled at the staff meeting.",
                "head",
                6,
                (
                    "Routines relaunched at the staff meeting and modelled in assembly.",
                    "Learning walk shows the three routines used in most classes.",
                ),
            ),
            ActionIdea(
                "De-escalation training for all staff, including lunchtime supervisors.",
                "Deputy head",
                8,
                (
                    "All teaching staff trained; lunchtime supervisors booked for next week.",
                    "Lunchtime incidents halved in the fortnight after the training.",
                ),
            ),
            ActionIdea(
                "Weekly analysis of the behaviour log, with a plan for each pupil with repeated "
                "incidents.",
                "Deputy head",
                30,
                (
                    "Behaviour log reviewed weekly; five pupils now have individual plans.",
                    "Incidents for the five pupils down by half since their plans began.",
                ),
            ),
            ActionIdea(
                "Nurture provision for pupils with social, emotional and mental health needs, "
                "three afternoons a week.",
                "SENCo",
                20,
                (
                    "Nurture room open three afternoons; eight pupils attend.",
                    "Incidents among the nurture group fell sharply; two pupils are back in class "
                    "full-time.",
                ),
            ),
            ActionIdea(
                "Structured play at lunchtime, with zoned activities and trained play leaders.",
                "Pastoral lead",
                10,
                (
                    "Play leaders trained; zones marked out on the playground.",
                    "Lunchtime incidents down by a third since zoned play began.",
                ),
            ),
        ),
        school_impact=(
            "Lessons are calmer; learning walks record far less low-level disruption.",
            "Suspensions have fallen and pupils with SEMH needs have plans that staff follow.",
        ),
        support=(
            SupportIdea(
                "external",
                "Behaviour hub training for the senior team and a review of routines.",
                "Behaviour Hubs programme",
            ),
            SupportIdea(
                "director",
                "Joint learning walks focused on routines, half-termly.",
            ),
        ),
    ),
    PriorityIdea(
        key="governance",
        title="Governance: challenge and oversight",
        description="Governors do not yet hold leaders to account with enough rigour: minutes "
        "show little challenge on outcomes, and governors' monitoring visits are not linked to "
        "the priorities of the plan.",
        phases=ALL_PHASES,
        measures=(),
        words=(
            ("Governor monitoring visits with a written report, per term", 0, 3),
            ("Governing body places filled (%)", 70, 100),
        ),
        actions=(
            ActionIdea(
                "Link-governor schedule for each priority of the plan, with a visit and a "
                "written report each term.",
                "chair",
                30,
                (
                    "Link governors named for each priority; the first two visits have taken "
                    "place.",
                    "Visit reports now go to every full governing body meeting.",
                ),
            ),
            ActionIdea(
                "Training for governors on reading the school's data, with the trust's "
                "governance professional.",
                "chair",
                6,
                (
                    "Data training held; eight governors attended.",
                    "Governors used the data return to question the writing figures at the last "
                    "meeting.",
                ),
            ),
            ActionIdea(
                "Skills audit and recruitment of a governor with finance or education experience.",
                "chair",
                16,
                (
                    "Skills audit complete: gaps in finance and education.",
                    "A new governor with education experience appointed; one vacancy remains.",
                ),
            ),
            ActionIdea(
                "Head's report to governors restructured around the plan's priorities and targets.",
                "head",
                6,
                (
                    "Head's report rewritten around the plan's priorities.",
                    "Minutes show governors questioning progress against each target.",
                ),
            ),
        ),
        school_impact=(
            "Governors visit with a purpose linked to the plan and report back in writing.",
            "Minutes record real challenge on outcomes and attendance.",
        ),
        support=(
            SupportIdea(
                "external",
                "A review of governance by a national leader of governance, and a follow-up "
                "session with the chair.",
                "Gareth Lowe, national leader of governance",
                "nle_lle",
            ),
            SupportIdea(
                "director",
                "Director of QA attends two governing body meetings to model challenge.",
            ),
        ),
    ),
    PriorityIdea(
        key="leadership",
        title="Leadership capacity",
        description="Too much rests on the head: middle leaders are new and do not yet check "
        "the quality of their subjects, and monitoring is not systematic.",
        phases=ALL_PHASES,
        measures=(),
        words=(("Middle leaders leading a monitoring cycle independently", 1, 5),),
        actions=(
            ActionIdea(
                "Monitoring calendar agreed by the head and the Director of QA, with middle "
                "leaders leading half of the activities.",
                "head",
                6,
                (
                    "Calendar agreed and shared with staff; the English and maths leads led their "
                    "first book looks.",
                    "Middle leaders led half of this term's monitoring, as planned.",
                ),
            ),
            ActionIdea(
                "Deputy head to complete the National Professional Qualification for Senior "
                "Leadership.",
                "Deputy head",
                36,
                (
                    "The deputy head has started the NPQSL, with a project on attendance.",
                    "Project under way; the deputy now leads the attendance review meetings.",
                ),
            ),
            ActionIdea(
                "Middle leaders paired with trust colleagues leading the same subject.",
                "head",
                16,
                (
                    "Pairings in place for English, maths and science; the first joint visits "
                    "held.",
                    "Middle leaders report more confidence in checking their subjects.",
                ),
            ),
            ActionIdea(
                "Leadership structure with clear responsibilities agreed with governors.",
                "chair",
                8,
                (
                    "Draft structure discussed with governors.",
                    "Governors approved the new leadership structure; roles start next term.",
                ),
            ),
        ),
        school_impact=(
            "Middle leaders now lead monitoring in their subjects and report on it.",
            "The senior team shares the load; the head's time is freed for teaching quality.",
        ),
        support=(
            SupportIdea(
                "external",
                "Coaching for the head from an experienced head teacher in another trust school.",
                "Head teacher+ coaching",
                "head_plus",
            ),
            SupportIdea(
                "cpd",
                "Middle leaders on the trust's leadership programme.",
            ),
            SupportIdea(
                "director",
                "Half-termly leadership coaching for the head and deputy.",
            ),
        ),
    ),
    PriorityIdea(
        key="disadvantaged",
        title="Outcomes for disadvantaged pupils",
        description="Disadvantaged pupils achieve less well than their peers in every subject "
        "and the gap is not closing. The pupil premium strategy is not evaluated for impact.",
        phases=ALL_PHASES,
        measures=((Measure.ON_TRACK_COMBINED, 5.0), (Measure.ON_TRACK_READING, 4.0)),
        words=(
            ("Gap between disadvantaged pupils and others on track in reading (points)", 18, 10),
        ),
        actions=(
            ActionIdea(
                "Rewrite the pupil premium strategy around tutoring, attendance and reading, "
                "with a termly evaluation.",
                "head",
                8,
                (
                    "Strategy rewritten and approved by governors.",
                    "First termly evaluation: the tutoring and attendance strands are on track.",
                ),
            ),
            ActionIdea(
                "Small-group tutoring in reading and maths for disadvantaged pupils in Years 4 "
                "to 6.",
                "Deputy head",
                24,
                (
                    "Tutoring running for 24 pupils; attendance at sessions is 92%.",
                    "Tutored pupils' reading ages up by eight months on average.",
                ),
            ),
            ActionIdea(
                "Pupil progress meetings to name every disadvantaged pupil not on track and the "
                "support each gets.",
                "head",
                30,
                (
                    "Pupil progress meetings held; every disadvantaged pupil not on track has a "
                    "named intervention.",
                    "Second round: fewer disadvantaged pupils not on track than last term.",
                ),
            ),
            ActionIdea(
                "Enrichment: every disadvantaged pupil attends at least one club or trip a term.",
                "Pastoral lead",
                30,
                (
                    "Club places offered first to disadvantaged pupils.",
                    "71% of disadvantaged pupils attended a club this term.",
                ),
            ),
        ),
        school_impact=(
            "The gap in reading has narrowed in the last two returns.",
            "Tutoring is well attended and targeted at the right pupils.",
        ),
        support=(
            SupportIdea(
                "director",
                "A pupil premium review with the head, using the trust's evaluation template.",
            ),
            SupportIdea(
                "external",
                "A school-led tutoring partner for reading and maths in Years 4 to 6.",
                "Trent Tutoring Partnership",
            ),
        ),
    ),
    PriorityIdea(
        key="eyfs",
        title="Early years: communication and language",
        description="Many children join Nursery and Reception with low starting points in "
        "speech and language, and the early years curriculum does not yet build vocabulary "
        "systematically.",
        phases=frozenset({EYFS}),
        measures=((Measure.EYFS_GLD, 5.0),),
        words=(("Reception children below age-related expectations in speech (%)", 38, 20),),
        actions=(
            ActionIdea(
                "Speech and language screening on entry to Nursery and Reception.",
                "Early years lead",
                6,
                (
                    "Screening complete: 15 Reception children identified for the language "
                    "programme.",
                    "Nursery screening done; 9 children referred for speech and language support.",
                ),
            ),
            ActionIdea(
                "Nuffield Early Language Intervention for the Reception children who need it.",
                "Early years lead",
                20,
                (
                    "NELI sessions running three times a week; the teaching assistant was trained "
                    "by the speech and language therapist.",
                    "Mid-point assessment: most children on the programme have made strong "
                    "progress.",
                ),
            ),
            ActionIdea(
                "Vocabulary planned into every area of continuous provision, with key words each "
                "week shared with parents.",
                "Early years lead",
                12,
                (
                    "Vocabulary plans in place for each area of provision.",
                    "Learning walk heard adults modelling the week's words throughout the session.",
                ),
            ),
            ActionIdea(
                "Stay-and-play sessions for parents on talking and reading with their children.",
                "Family liaison officer",
                10,
                (
                    "First stay-and-play held: 22 families came.",
                    "Parents report more talk and reading at home in the feedback survey.",
                ),
            ),
        ),
        school_impact=(
            "Children's talk in provision is richer; most on the language programme have made "
            "strong progress.",
            "More children met the early learning goals in communication and language.",
        ),
        support=(
            SupportIdea(
                "subject",
                "Continuous provision planned for vocabulary; the early years lead confident to "
                "lead the language programme.",
            ),
            SupportIdea(
                "external",
                "Speech and language therapist's training and two follow-up visits.",
                "NHS children's speech and language therapy (traded)",
            ),
        ),
        subject="eyfs",
    ),
)

BY_KEY = {idea.key: idea for idea in IDEAS}
BY_TITLE = {idea.title: idea for idea in IDEAS}
ACTIONS_BY_WHAT = {action.what: action for idea in IDEAS for action in idea.actions}

# A carried action's first note this year: two for one given a new date, one for one that was not.
CARRIED_NOTES = (
    "Carried forward from last year's plan; new timeline agreed with the Director of QA at the "
    "start of term.",
    "Picked up again after the summer with the new staff team; first steps done this week.",
    "Still not finished: held up by staffing changes. To be discussed at the next QA visit.",
)

DIRECTOR_IMPACT = (
    "Seen on the last visit: the change is consistent across classes. Impact good.",
    "Agree with the school: clear impact on pupils' work, sustained over two visits.",
    "Activity completed, but impact is not yet visible in the data: keep under review.",
    "Impact is emerging; the next return will show whether it holds.",
    "Good impact, confirmed by the book look and the latest data return.",
)
DEPLOYMENT_IMPACT = (
    "Staff are confident with the approach; lessons seen after the support show it in use.",
    "The leader now runs this independently; no further support needed.",
    "Some impact in the classes supported; a second round agreed for the spring term.",
)
DEPLOYMENT_NOTES = (
    "First day: observed lessons with the subject lead and agreed the focus for coaching.",
    "Second day: team-taught in Year 4 and gave feedback; resources shared on the drive.",
    "Follow-up visit: the approach is now used in most classes.",
)
VISIT_REVIEW = {
    "red": "Behind: no evidence of progress since the last visit. Escalate at the risk meeting "
    "if this does not move by the next visit.",
    "amber": "Started but slower than planned; the head to share a revised timeline.",
    "green": "On track: evidence seen on today's learning walk.",
}
EVIDENCE_FILES = (
    "learning-walk-summary",
    "training-register",
    "book-look-notes",
    "assessment-summary",
    "governors-minutes",
    "action-plan-update",
)
