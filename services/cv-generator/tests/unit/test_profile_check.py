"""A master CV that breaks the schema is refused with the field that is wrong."""

from __future__ import annotations

import pytest
import yaml

from jobintel.cv_generator.domain.profile_check import ProfileError, check_profile, parse_profile

from ..conftest import FIXTURES

pytestmark = pytest.mark.unit


def resume() -> dict[str, object]:
    data = yaml.safe_load((FIXTURES / "profile.yaml").read_text())
    return dict(data["resume"])


def test_the_fixture_is_a_valid_master_cv() -> None:
    assert check_profile(resume()).basics.name == "Ines Halvorsen"


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda r: r["work"][1].update(startDate="April 2018"), "work[1].startDate"),
        (lambda r: r["basics"].pop("name"), "basics.name"),
        (lambda r: r["basics"].update(email="not-an-email"), "basics.email"),
        (lambda r: r["skills"][0].update(keywords="Kubernetes"), "skills[0].keywords"),
        (lambda r: r["education"][0].update(endDate="2016/06"), "education[0].endDate"),
    ],
)
def test_errors_name_the_field(mutate: object, field: str) -> None:
    data = resume()
    mutate(data)  # type: ignore[operator]
    with pytest.raises(ProfileError) as err:
        check_profile(data)
    assert str(err.value).startswith(f"{field}: ")


def test_yaml_and_json_import_give_the_same_master_cv() -> None:
    import json

    as_yaml = (FIXTURES / "profile.yaml").read_text()
    as_json = json.dumps(yaml.safe_load(as_yaml))
    assert parse_profile(as_yaml) == parse_profile(as_json)
    assert parse_profile(as_json).persona.core_strengths[0] == "Kubernetes"


def test_unreadable_documents_say_so() -> None:
    with pytest.raises(ProfileError, match="neither JSON nor YAML"):
        parse_profile("basics: [unclosed")
    with pytest.raises(ProfileError, match="resume"):
        parse_profile("- just a list")
