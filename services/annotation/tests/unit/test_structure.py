"""Offline structuring of postings of every shape, with no I/O."""

from __future__ import annotations

import pytest

from jobintel.annotation.domain.structure import structure_posting
from jobintel.contracts import Posting, RequirementKind, SectionKind, SourceSection

pytestmark = pytest.mark.unit


def posting(
    text: str,
    *,
    title: str = "Data Engineer",
    html: str | None = None,
    sections: list[SourceSection] | None = None,
) -> Posting:
    return Posting(
        source="test",
        title=title,
        description_text=text,
        description_html=html,
        sections=sections or [],
    )


def kinds(text: str, **kw: object) -> list[SectionKind]:
    return [s.kind for s in structure_posting(posting(text, **kw)).sections]  # type: ignore[arg-type]


def test_headed_bullets_give_sections_and_must_and_nice() -> None:
    jd = structure_posting(
        posting(
            "About us:\nWe are a fintech company.\n\nRequirements:\n- 4+ years of Python\n"
            "- Kafka is a plus\n\nNice to have:\n- Rust\n\nBenefits:\n- 25 days vacation\n"
        )
    )
    assert [s.kind for s in jd.sections] == [
        SectionKind.ABOUT_COMPANY,
        SectionKind.MUST_HAVE,
        SectionKind.NICE_TO_HAVE,
        SectionKind.BENEFITS,
    ]
    assert [(r.kind, r.text) for r in jd.requirements] == [
        (RequirementKind.MUST_HAVE, "4+ years of Python"),
        (RequirementKind.NICE_TO_HAVE, "Kafka is a plus"),
        (RequirementKind.NICE_TO_HAVE, "Rust"),
    ]


def test_spans_point_at_the_text_they_name() -> None:
    text = "Requirements:\n-   Terraform   and AWS\n- SQL\n"
    jd = structure_posting(posting(text))
    assert [r.text for r in jd.requirements] == ["Terraform and AWS", "SQL"]
    for req in jd.requirements:
        assert req.span is not None
        assert " ".join(text[req.span.start : req.span.end].split()) == req.text


def test_a_description_with_no_headings_is_structured_by_phrasing() -> None:
    text = (
        "Acme is a logistics startup in Berlin.\n"
        "You will build our routing service in Go.\n"
        "You must have 3+ years of experience with Go and PostgreSQL.\n"
        "Kubernetes experience is a plus.\n"
        "We offer equity and 30 days of vacation.\n"
    )
    jd = structure_posting(posting(text, title="Backend Engineer"))
    assert [s.kind for s in jd.sections] == [
        SectionKind.ABOUT_COMPANY,
        SectionKind.RESPONSIBILITIES,
        SectionKind.MUST_HAVE,
        SectionKind.NICE_TO_HAVE,
        SectionKind.BENEFITS,
    ]
    assert {r.kind for r in jd.requirements} == {
        RequirementKind.MUST_HAVE,
        RequirementKind.NICE_TO_HAVE,
    }
    assert jd.years_experience == 3
    assert any("no headings" in n for n in jd.notes)


def test_a_single_paragraph_is_split_into_sentences() -> None:
    text = (
        "We are a small health startup and you will build our patient app in React. You have "
        "2+ years with React and TypeScript. Experience with GraphQL is a bonus. Salary: "
        "$100,000 - $120,000."
    )
    jd = structure_posting(posting(text, title="Frontend Engineer"))
    must = [r.text for r in jd.requirements if r.kind is RequirementKind.MUST_HAVE]
    nice = [r.text for r in jd.requirements if r.kind is RequirementKind.NICE_TO_HAVE]
    assert must == ["You have 2+ years with React and TypeScript."]
    assert nice == ["Experience with GraphQL is a bonus."]
    assert SectionKind.COMPENSATION in [s.kind for s in jd.sections]
    assert {"React", "TypeScript", "GraphQL"} <= {k.name for k in jd.keywords}


def test_a_description_that_is_mostly_html_tables() -> None:
    html = (
        "<table><tr><th>Requirements</th><td><ul><li>Java 11+</li><li>Spring Boot</li></ul>"
        "</td></tr><tr><th>Bonus</th><td>Kotlin<br>Gradle</td></tr>"
        "<tr><th>Salary</th><td>EUR 70,000</td></tr></table>"
    )
    text = "Requirements\n- Java 11+\n- Spring Boot\nBonus\nKotlin\nGradle\nSalary\nEUR 70,000"
    jd = structure_posting(posting(text, html=html, title="Java Developer"))
    assert [s.kind for s in jd.sections] == [
        SectionKind.MUST_HAVE,
        SectionKind.NICE_TO_HAVE,
        SectionKind.COMPENSATION,
    ]
    assert [(r.kind.value, r.text) for r in jd.requirements] == [
        ("must_have", "Java 11+"),
        ("must_have", "Spring Boot"),
        ("nice_to_have", "Kotlin"),
        ("nice_to_have", "Gradle"),
    ]
    for req in jd.requirements:  # anchored in the plain text the user annotates
        assert req.span is not None
        assert text[req.span.start : req.span.end] == req.text


def test_html_whose_text_ingestion_flattened_differently_is_still_anchored() -> None:
    html = "<h2>Requirements</h2><ul><li>Python</li><li>SQL</li></ul>"
    text = "RequirementsPython\nSQL"  # cells and items glued together by a naive converter
    jd = structure_posting(posting(text, html=html))
    python = next(r for r in jd.requirements if r.text == "Python")
    assert python.span is not None
    assert text[python.span.start : python.span.end] == "Python"


def test_the_sources_own_sections_are_used() -> None:
    sections = [
        SourceSection(heading="What you'll need", text="Scala\nSpark"),
        SourceSection(heading="Perks", text="Remote work"),
    ]
    text = "What you'll need\nScala\nSpark\n\nPerks\nRemote work"
    jd = structure_posting(posting(text, sections=sections))
    assert [s.kind for s in jd.sections] == [SectionKind.MUST_HAVE, SectionKind.BENEFITS]
    assert [r.skills for r in jd.requirements] == [["Scala"], ["Apache Spark"]]


def test_a_preference_inside_a_must_have_keeps_it_a_must_have() -> None:
    jd = structure_posting(posting("Requirements:\n- Relational databases, ideally PostgreSQL\n"))
    assert [r.kind for r in jd.requirements] == [RequirementKind.MUST_HAVE]


def test_a_list_under_a_lead_in_sentence_ends_at_the_next_paragraph() -> None:
    text = (
        "It would be great if you also had:\n- Rust\n- Go\n"
        "To apply, send your CV and a short cover letter."
    )
    jd = structure_posting(posting(text))
    assert [r.text for r in jd.requirements] == ["Rust", "Go"]
    assert jd.sections[-1].kind is SectionKind.PROCESS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Dein Profil:\n- Erfahrung mit Python\n\nWünschenswert:\n- Go",
            ["must_have", "nice_to_have"],
        ),
        ("Profil recherché :\n- Maîtrise de SQL\n\nAtouts :\n- dbt", ["must_have", "nice_to_have"]),
        (
            "Requisitos\n- Experiencia con Java\n\nSe valorará\n- Kotlin",
            ["must_have", "nice_to_have"],
        ),
    ],
)
def test_headings_in_other_languages(text: str, expected: list[str]) -> None:
    jd = structure_posting(posting(text))
    assert [r.kind.value for r in jd.requirements] == expected


def test_keywords_weigh_more_where_they_are_required() -> None:
    text = (
        "About us:\nWe use Terraform a little.\n\nRequirements:\n- Python\n\n"
        "Nice to have:\n- Rust\n"
    )
    jd = structure_posting(posting(text, title="Python Developer"))
    weight = {k.name: k.weight for k in jd.keywords}
    assert weight["Python"] > weight["Rust"] > weight["Terraform"]
    assert next(k for k in jd.keywords if k.name == "Python").required
    assert not next(k for k in jd.keywords if k.name == "Rust").required


def test_structuring_is_deterministic() -> None:
    text = "Requirements:\n- Python and SQL\n\nBonus:\n- Airflow\n"
    assert structure_posting(posting(text)) == structure_posting(posting(text))


@pytest.mark.parametrize("text", ["", "   \n\n  ", "!!!", "a"])
def test_degenerate_text_gives_an_empty_structure_not_an_error(text: str) -> None:
    jd = structure_posting(posting(text))
    assert jd.requirements == []


def test_a_nice_to_have_inside_the_requirements_weighs_as_nice_to_have() -> None:
    jd = structure_posting(posting("Requirements:\n- Python\n- Kafka is a plus\n"))
    weight = {k.name: k for k in jd.keywords}
    assert weight["Python"].weight > weight["Apache Kafka"].weight
    assert weight["Apache Kafka"].sections == [SectionKind.NICE_TO_HAVE]
    assert not weight["Apache Kafka"].required
