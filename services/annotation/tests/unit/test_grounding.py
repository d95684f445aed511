"""A model's reading is kept only where it quotes the description, with exact spans."""

from __future__ import annotations

import pytest

from jobintel.annotation.domain.grounding import (
    ModelReading,
    ReadRequirement,
    ReadSection,
    ReadSkill,
    Ungrounded,
    ground,
)
from jobintel.annotation.domain.quotes import QuoteFinder
from jobintel.annotation.domain.taxonomy import Taxonomy, default_taxonomy
from jobintel.contracts import (
    Posting,
    RequirementKind,
    SectionKind,
    SkillCategory,
    StructuringMethod,
)

pytestmark = pytest.mark.unit

MUST, NICE = RequirementKind.MUST_HAVE, RequirementKind.NICE_TO_HAVE

TEXT = """Platform Engineer

About Fernhill
Fernhill runs the booking system for 900 dental practices in the Nordics.

What we ask
- 4+ years running production systems on AWS
- You\u2019re fluent with Terraform and k8s
- A track record of on-call ownership, with blameless post\u2011mortems

Bonus
- Experience with Pulumi or Crossplane
- Some Rust

We offer 6 weeks of holiday and a pension.
"""

POSTING = Posting(source="t", title="Platform Engineer", company="Fernhill", description_text=TEXT)


def section(kind: SectionKind, starts_with: str, heading: str | None = None) -> ReadSection:
    return ReadSection(kind=kind, heading=heading, starts_with=starts_with)


def requirement(kind: RequirementKind, quote: str, *skills: str) -> ReadRequirement:
    return ReadRequirement(kind=kind, quote=quote, skills=list(skills))


def reading(*requirements: ReadRequirement, skills: tuple[str, ...] = ()) -> ModelReading:
    return ModelReading(
        sections=[
            section(SectionKind.ABOUT_COMPANY, "About Fernhill", "About Fernhill"),
            section(SectionKind.MUST_HAVE, "What we ask", "What we ask"),
            section(SectionKind.NICE_TO_HAVE, "Bonus", "Bonus"),
            section(SectionKind.BENEFITS, "We offer 6 weeks of holiday"),
        ],
        requirements=list(requirements),
        skills=[ReadSkill(name=s, category=SkillCategory.TOOL) for s in skills],
    )


def test_copied_quotes_get_the_descriptions_own_words_and_exact_spans() -> None:
    jd = ground(
        POSTING,
        reading(
            requirement(MUST, "- 4+ years running production systems on AWS."),  # bullet, period
            requirement(MUST, "You're fluent with Terraform and K8s"),  # straight quote, case
            requirement(MUST, "A track record of on-call ownership ... post-mortems"),  # shortened
            requirement(NICE, "Experience with Pulumi or Crossplane"),
            requirement(NICE, "Some Rust"),
        ),
        default_taxonomy(),
    )
    assert jd.method is StructuringMethod.LLM
    assert [r.kind for r in jd.requirements] == [MUST, MUST, MUST, NICE, NICE]
    for r in jd.requirements:
        assert r.span is not None
        assert " ".join(TEXT[r.span.start : r.span.end].split()) == r.text
    assert jd.requirements[1].text == "You\u2019re fluent with Terraform and k8s"
    assert jd.requirements[2].text.endswith("blameless post\u2011mortems")
    assert jd.requirements[1].skills == ["Terraform", "Kubernetes"]
    assert jd.requirements[1].section is SectionKind.MUST_HAVE
    assert jd.notes == []


def test_sections_run_from_their_opening_words_to_the_next_section() -> None:
    jd = ground(POSTING, reading(requirement(MUST, "Some Rust")), default_taxonomy())
    kinds = [s.kind for s in jd.sections]
    assert kinds == [
        SectionKind.ABOUT_COMPANY,
        SectionKind.MUST_HAVE,
        SectionKind.NICE_TO_HAVE,
        SectionKind.BENEFITS,
    ]
    must = jd.sections[1]
    assert must.heading == "What we ask"
    assert must.span is not None
    assert TEXT[must.span.start : must.span.end].startswith("What we ask\n- 4+ years")
    assert TEXT[must.span.start : must.span.end].endswith("post\u2011mortems")
    assert jd.sections[3].heading is None


def test_an_invented_requirement_is_dropped_and_counted() -> None:
    jd = ground(
        POSTING,
        reading(
            requirement(MUST, "4+ years running production systems on AWS"),
            requirement(MUST, "A degree in computer science"),  # not in the posting
            requirement(NICE, "Experience with Pulumi"),  # a prefix of the item: in the text
        ),
        default_taxonomy(),
    )
    assert [r.text for r in jd.requirements] == [
        "4+ years running production systems on AWS",
        "Experience with Pulumi",
    ]
    [note] = jd.notes
    assert note.startswith("LLM structuring dropped 1 of 3 requirements not found")
    assert "'A degree in computer science'" in note
    assert jd.education is None  # attributes read from what was kept


def test_a_reworded_requirement_is_not_taken_for_the_original() -> None:
    jd = ground(
        POSTING,
        reading(
            requirement(MUST, "Some Rust"),
            requirement(MUST, "At least 4 years of running production systems on AWS"),
        ),
        default_taxonomy(),
    )
    assert [r.text for r in jd.requirements] == ["Some Rust"]
    assert "dropped 1 of 2" in jd.notes[0]


def test_a_reply_that_quotes_nothing_is_refused() -> None:
    with pytest.raises(Ungrounded, match="none of the 2 requirements"):
        ground(
            POSTING,
            reading(requirement(MUST, "Ten years of COBOL"), requirement(NICE, "Golf")),
            default_taxonomy(),
        )
    with pytest.raises(Ungrounded, match="no sections and no requirements"):
        ground(POSTING, ModelReading(sections=[], requirements=[], skills=[]), default_taxonomy())


def test_skills_come_from_the_taxonomy_and_from_the_model_only_where_the_text_names_them() -> None:
    jd = ground(
        POSTING,
        reading(
            requirement(NICE, "Experience with Pulumi or Crossplane", "Pulumi", "Crossplane"),
            skills=("Crossplane", "Blameless post-mortems", "Datadog", "Kubernetes"),
        ),
        default_taxonomy(),
    )
    names = {k.name for k in jd.keywords}
    assert {"AWS", "Terraform", "Kubernetes", "Rust", "Pulumi"} <= names  # taxonomy
    assert "Crossplane" in names  # the model's, and in the text
    assert "Blameless post-mortems" in names  # in the text, typography aside
    assert "Datadog" not in names  # the model's, not in the text
    assert "ignored 1 skill(s) the description does not name: Datadog" in jd.notes[-1]
    [nice] = jd.requirements
    assert nice.skills == ["Pulumi", "Crossplane"]
    crossplane = next(k for k in jd.keywords if k.name == "Crossplane")
    assert crossplane.sections == [SectionKind.NICE_TO_HAVE]
    assert crossplane.category is SkillCategory.TOOL
    aws = next(k for k in jd.keywords if k.name == "AWS")
    assert aws.weight > crossplane.weight  # under the must-haves it weighs more


def test_the_model_cannot_turn_a_common_word_into_a_short_skill() -> None:
    text = "Requirements\n- You go the extra mile\n- Go or Rust in production\n"
    posting = Posting(source="t", title="Engineer", description_text=text)
    jd = ground(
        posting,
        ModelReading(
            sections=[
                ReadSection(kind=SectionKind.MUST_HAVE, heading=None, starts_with="Requirements")
            ],
            requirements=[
                ReadRequirement(kind=MUST, quote="Go or Rust in production", skills=["Go"])
            ],
            skills=[],
        ),
        Taxonomy([]),  # no taxonomy: only the model names skills here
    )
    [go] = jd.keywords
    assert (go.name, go.occurrences) == ("Go", 1)


def test_the_quote_finder_reads_forward_for_repeated_lines() -> None:
    text = "Backend\n- Python\nData\n- Python\n"
    finder = QuoteFinder(text)
    first = finder.find("Python")
    assert first == (10, 16)
    assert finder.find("python", first[1]) == (text.rindex("Python"), len(text) - 1)
    assert finder.find("Py") is None  # too short to place
    assert finder.find("Java") is None


def test_a_two_letter_requirement_is_found_only_as_a_whole_list_item() -> None:
    text = "We go far.\nNice to have\n- Go\n- R\n"
    finder = QuoteFinder(text)
    at = finder.find("Go")
    assert at is not None
    assert text[at[0] : at[1]] == "Go"
    assert at[0] == text.index("- Go") + 2
    assert finder.find("go far") is not None  # longer quotes as before
    assert finder.find("R", at[1]) == (text.index("- R") + 2, text.index("- R") + 3)
    assert QuoteFinder("We go far.").find("go") is None
