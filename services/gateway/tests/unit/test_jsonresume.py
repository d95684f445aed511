"""Reading JSON Resume documents as people have them: every version's names, every date form."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from jobintel.contracts import Resume
from jobintel.gateway.domain.jsonresume import ResumeRejected, problems_from, read_resume
from jobintel.gateway.profiles import load_document, read_document

RESUMES = Path(__file__).parents[1] / "fixtures" / "resumes"


def fixture(name: str) -> Any:
    path = RESUMES / name
    kind = "application/yaml" if path.suffix == ".yaml" else "application/json"
    return load_document(path.read_bytes(), kind)


def test_a_current_document_with_every_section_is_read_unchanged() -> None:
    raw = fixture("complete.json")
    resume, reading, _, _ = read_document(raw)
    assert reading.mapped == []
    assert reading.normalised == []
    assert reading.ignored == []
    dumped = resume.model_dump(mode="json", exclude_unset=True)
    assert dumped == raw  # every section, every optional field, every unknown field
    assert reading.unknown_kept == ["basics.x-pronouns", "work[0].x-team-size", "x-generator"]
    assert [w.startDate for w in resume.work] == ["2021-09-06", "2017-02", "2014"]
    assert resume.volunteer[0].organization == "Code Club Bristol"
    assert resume.meta is not None
    assert resume.meta.lastModified == "2024-03-02T10:15:00"
    assert resume.references[0].reference
    assert resume.interests[0].keywords == [
        "dinghy racing",
        "navigation",
    ]


def test_yaml_dates_stay_as_written_and_numbers_become_text() -> None:
    resume, reading, _, _ = read_document(fixture("complete.yaml"))
    assert [w.startDate for w in resume.work] == ["2020-07-01", "2016-10", "2014"]
    assert resume.education[0].score == "1.7"
    assert resume.basics.location is not None
    assert resume.basics.location.postalCode == "04109"
    changed = {n.field: (n.was, n.now) for n in reading.normalised}
    assert changed["education[0].score"] == (1.7, "1.7")
    assert changed["work[2].startDate"] == (2014, "2014")


def test_older_field_names_are_mapped_and_listed() -> None:
    resume, reading, _, _ = read_document(fixture("older.json"))
    mapped = {m.old: m.new for m in reading.mapped}
    assert mapped == {
        "basics.picture": "basics.image",
        "basics.website": "basics.url",
        "basics.location.state": "basics.location.region",
        "work[0].company": "work[0].name",
        "work[0].website": "work[0].url",
        "work[1].company": "work[1].name",
        "work[1].website": "work[1].url",
        "work[2].company": "work[2].name",
        "volunteer[0].website": "volunteer[0].url",
        "education[0].gpa": "education[0].score",
        "awards[0].awardDate": "awards[0].date",
        "publications[0].website": "publications[0].url",
    }
    assert [w.name for w in resume.work] == [
        "Northgate Civic Digital",
        "Brightwater Insurance",
        "Penfold & Daughters",
    ]
    assert resume.basics.url == "https://ruth.example.com"
    assert resume.basics.image == "https://ruth.example.com/me.png"
    assert resume.work[0].url == "https://northgate.example.gov.uk"
    assert resume.education[0].score == "3.6/4.0"
    assert resume.awards[0].date == "2021-11-20"
    assert resume.publications[0].url == "https://govdev.example.org/forms"
    assert [(w.startDate, w.endDate) for w in resume.work] == [
        ("2020-03-01", None),
        ("2016-04", "2020-02"),
        ("2013-09", "2016-03"),
    ]
    notes = {n.field: n.note for n in reading.normalised}
    assert "ongoing" in notes["work[0].endDate"]
    assert "ongoing" in notes["volunteer[0].endDate"]
    assert notes["work[1].startDate"] == "written as an iso8601 date"


def test_the_oldest_names_bio_hobbies_and_objects_are_read() -> None:
    reading = read_resume(
        {
            "bio": {
                "firstName": "Wen",
                "lastName": "Achterberg",
                "email": {"work": "wen@work.example", "personal": "wen@home.example"},
                "phone": {"mobile": "+31 6 5555 0000"},
                "websites": {"blog": "https://wen.example", "portfolio": "https://pf.example"},
                "profiles": {"github": "wenach", "twitter": "wen_a"},
            },
            "hobbies": [{"name": "Chess"}],
            "languages": [{"name": "Dutch", "level": "Native"}],
            "meta": {"url": "https://wen.example/cv.json"},
        }
    )
    doc = reading.document
    resume = Resume.model_validate(doc)
    assert resume.basics.name == "Wen Achterberg"
    assert resume.basics.email == "wen@work.example"
    assert doc["basics"]["email_personal"] == "wen@home.example"  # kept, and listed
    assert resume.basics.phone == "+31 6 5555 0000"
    assert resume.basics.url == "https://wen.example"
    assert [(p.network, p.username, p.url) for p in resume.basics.profiles] == [
        ("github", "wenach", None),
        ("twitter", "wen_a", None),
        ("portfolio", None, "https://pf.example"),
    ]
    assert resume.interests[0].name == "Chess"
    assert (resume.languages[0].language, resume.languages[0].fluency) == ("Dutch", "Native")
    assert resume.meta is not None
    assert resume.meta.canonical == "https://wen.example/cv.json"
    mapped = {m.old: m.new for m in reading.mapped}
    assert mapped["bio"] == "basics"
    assert mapped["hobbies"] == "interests"
    assert mapped["basics.email.personal"] == "basics.email_personal"


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("2019", "2019"),
        ("2019-04", "2019-04"),
        ("2019-04-01", "2019-04-01"),
        ("2019-4", "2019-04"),
        ("2019-04-01T00:00:00.000Z", "2019-04-01"),
        ("2019-04-01 09:30:00", "2019-04-01"),
        ("2019/04", "2019-04"),
        ("04/2019", "2019-04"),
        ("4.2019", "2019-04"),
        ("Apr 2019", "2019-04"),
        ("April 2019", "2019-04"),
        ("Sept. 2019", "2019-09"),
        ("1 April 2019", "2019-04-01"),
        ("April 1, 2019", "2019-04-01"),
        ("25/12/2019", "2019-12-25"),
        ("12/25/2019", "2019-12-25"),
        ("mars 2019", "2019-03"),
    ],
)
def test_dates_are_written_as_the_schema_wants(written: str, read: str) -> None:
    reading = read_resume({"basics": {"name": "A"}, "work": [{"startDate": written}]})
    assert reading.document["work"][0]["startDate"] == read
    assert bool(reading.normalised) == (written != read)


@pytest.mark.parametrize("ongoing", ["Present", "present", "Current", "now", "", None, "to date"])
def test_an_ongoing_end_date_is_left_out_and_said(ongoing: str | None) -> None:
    reading = read_resume({"basics": {"name": "A"}, "work": [{"endDate": ongoing}]})
    assert "endDate" not in reading.document["work"][0]
    assert [n.field for n in reading.normalised] == ["work[0].endDate"]


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("startDate", "03/04/2019", "could be 3 Apr or 4 Mar 2019"),
        ("startDate", "Present", "is not a start date"),
        ("startDate", "Spring 2019", "not a date this schema can hold"),
        ("endDate", "2019-13", "month 13 does not exist"),
        ("startDate", True, "should be a date, not true/false"),
    ],
)
def test_a_date_that_cannot_be_read_is_refused_with_what_to_write(
    field: str, value: Any, says: str
) -> None:
    with pytest.raises(ResumeRejected) as err:
        read_resume({"basics": {"name": "A"}, "work": [{}, {field: value}]})
    [problem] = err.value.problems
    assert problem.field == f"work[1].{field}"
    assert says in problem.message
    assert '"2019-04"' in problem.fix
    assert problem.loc == ["work", 1, field]


def test_a_field_given_under_both_names_keeps_the_current_one_and_says_so() -> None:
    reading = read_resume(
        {"basics": {"name": "A"}, "work": [{"name": "Kestrel", "company": "Kestrel Ltd"}]}
    )
    assert reading.document["work"][0] == {"name": "Kestrel", "company": "Kestrel Ltd"}
    assert [(i.field, i.reason) for i in reading.ignored] == [
        ("work[0].company", "work[0].name is given too; work[0].company is kept but not used")
    ]


def test_an_email_with_a_display_name_keeps_the_address_and_says_so() -> None:
    reading = read_resume({"basics": {"name": "A", "email": "Ana Díaz <ana@diaz.example>"}})
    assert reading.document["basics"]["email"] == "ana@diaz.example"
    assert reading.normalised[0].note == "kept the address, not the name"


@pytest.mark.parametrize(
    ("document", "field", "fix"),
    [
        ({"basics": {"name": "A", "email": "not-an-email"}}, "basics.email", "name@example.org"),
        ({"basics": {"name": ""}}, "basics.name", '"basics": {"name"'),
        ({"work": []}, "basics", '"basics": {"name": "Your Name"}'),
        ({"basics": {"name": "A"}, "work": [{"highlights": "one"}]}, "work[0].highlights", "list"),
        ({"basics": {"name": "A"}, "skills": {"name": "Go"}}, "skills", "list"),
        ({"basics": "A"}, "basics", "{ ... }"),
    ],
)
def test_the_model_errors_name_the_field_and_the_fix(
    document: dict[str, Any], field: str, fix: str
) -> None:
    with pytest.raises(ValidationError) as err:
        Resume.model_validate(read_resume(document).document)
    problems = problems_from(err.value)
    assert [p.field for p in problems] == [field]
    assert fix in problems[0].fix


def test_the_deprecated_envelope_is_read_with_its_persona() -> None:
    resume, _, persona, deprecated = read_document(
        {"resume": {"basics": {"name": "Ada"}}, "persona": {"tone": "plain"}}
    )
    assert resume.basics.name == "Ada"
    assert persona is not None
    assert persona.tone == "plain"
    assert deprecated is not None
    assert "/api/profile/persona" in deprecated
    with pytest.raises(ResumeRejected) as err:
        read_document({"resume": {"basics": {"name": "Ada", "email": "x"}}})
    assert [p.field for p in err.value.problems] == ["resume.basics.email"]


def test_json_and_yaml_syntax_errors_say_where() -> None:
    with pytest.raises(ResumeRejected) as err:
        load_document(b'{"basics": {"name": "A",}}', "application/json")
    assert "line 1, column 25" in err.value.problems[0].message
    with pytest.raises(ResumeRejected) as err:
        load_document(b"basics:\n  name: [A\n", "text/yaml; charset=utf-8")
    assert "not valid YAML at line 3" in err.value.problems[0].message


def test_the_sample_resume_is_a_current_document() -> None:
    import jobintel.runtime

    sample = Path(jobintel.runtime.__file__).parent / "samples" / "resume.json"
    resume, reading, _, _ = read_document(json.loads(sample.read_text()))
    assert reading.mapped == []
    assert reading.normalised == []
    assert resume.work


def test_empty_items_of_text_lists_are_left_out_and_said() -> None:
    reading = read_resume(
        {"basics": {"name": "A"}, "work": [{"highlights": ["Ran the depot", "", None, 2019]}]}
    )
    assert reading.document["work"][0]["highlights"] == ["Ran the depot", "2019"]
    assert [n.field for n in reading.normalised] == [
        "work[0].highlights[1]",
        "work[0].highlights[2]",
        "work[0].highlights[3]",
    ]
