"""A job whose company cannot be researched still gets its CV (research + cv-generator, in process).

`cv.generated` is what makes a job `cv_ready` in the gateway's read model.
"""

from __future__ import annotations

import json
from importlib import resources

import pytest

from jobintel.contracts import (
    CvGenerated,
    MasterProfile,
    ProfileUpdated,
    Resume,
    subjects,
)
from jobintel.cv_generator.app import create_app as create_cv_generator
from jobintel.research.app import create_app as create_research
from jobintel.runtime.settings import Settings
from jobintel.testkit.jetstream import collect, jetstream, publish, running

from ..conftest import SiteFarm, fast_settings
from .test_company_sites import job

pytestmark = pytest.mark.integration


def master_profile() -> MasterProfile:
    sample = json.loads(
        (resources.files("jobintel.runtime") / "samples" / "resume.json").read_text()
    )
    return MasterProfile(resume=Resume.model_validate(sample))


async def test_jobs_at_companies_that_cannot_be_researched_still_get_a_cv(
    settings: Settings, farm: SiteFarm
) -> None:
    jobs = [
        job("Initech", farm["initech"].url),
        job("Umbrella", farm["umbrella"].url),
        job("Nameless Startup", None),
    ]
    config = fast_settings(settings)
    async with (
        running(create_research(config)),
        running(create_cv_generator(config)),
        jetstream(settings.nats_url) as (_, js),
    ):
        await publish(js, ProfileUpdated(producer="test", profile=master_profile()))
        for event in jobs:
            await publish(js, event)
        done = await collect(
            js,
            subjects.CV_GENERATED,
            CvGenerated,
            until=lambda e: len({x.job_id for x in e}) >= len(jobs),
            timeout=60,
        )
    assert {e.job_id for e in done} == {j.job_id for j in jobs}
