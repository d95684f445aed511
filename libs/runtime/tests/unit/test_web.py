"""Web values every service reads the same way: domains, company ids, JSON-LD."""

from __future__ import annotations

import json

import pytest

from jobintel.runtime.web import (
    company_id,
    json_ld,
    name_key,
    normalise_url,
    registrable_domain,
    same_site,
    schema_types,
    site_root,
)

pytestmark = pytest.mark.unit


# ---------------------------------------------------------------- domains and ids


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Acme Robotics, Inc.", "acme-robotics"),
        ("ACME ROBOTICS", "acme-robotics"),
        ("Müller & Söhne GmbH", "muller-and-sohne"),
        ("Co", "co"),
    ],
)
def test_names_normalise_ignoring_case_accents_and_legal_form(name: str, key: str) -> None:
    assert name_key(name) == key


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://careers.acme.co.uk/jobs/12", "acme.co.uk"),
        ("www.Acme.com", "acme.com"),
        ("//jobs.acme.com/x", "acme.com"),
        ("https://www.harbour.example/about", "harbour.example"),
        ("https://boards.greenhouse.io/acme/jobs/1", None),
        ("https://jobs.lever.co/acme/123", None),
        ("https://builtin.com/job/data-engineer/1234567", None),
        ("https://www.builtinnyc.com/job/analyst/42", None),
        ("https://uk.indeed.com/viewjob?jk=1", None),
        ("https://www.stepstone.de/stellenangebote--x.html", None),
        ("https://www.glassdoor.co.uk/job-listing/x", None),
        ("https://acme.wd5.myworkdayjobs.com/en-US/careers/job/1", None),
        ("https://www.talentbridge.example/", "talentbridge.example"),
        ("mailto:jobs@acme.com", None),
        ("ftp://acme.com/file", None),
        ("", None),
        (None, None),
        ("http://127.0.0.1:8123/", "127.0.0.1:8123"),
    ],
)
def test_domains_are_registrable_and_never_a_job_board(url: str | None, domain: str | None) -> None:
    assert registrable_domain(url) == domain


def test_company_id_is_the_first_own_site_else_the_name() -> None:
    urls = ["https://boards.greenhouse.io/acme/1", None, "https://careers.acme.com/x"]
    assert company_id(urls, "Acme Inc") == "acme.com"
    assert company_id(["https://jobs.lever.co/acme/1"], "Acme Inc") == "acme"
    assert company_id([], "  ") is None


@pytest.mark.parametrize(
    ("url", "root"),
    [
        ("https://careers.acme.com/jobs/1", "https://acme.com/"),
        ("https://www.acme.com/about", "https://www.acme.com/"),
        ("http://127.0.0.1:8123/jobs/1", "http://127.0.0.1:8123/"),
    ],
)
def test_site_root_of_any_page(url: str, root: str) -> None:
    assert site_root(url) == root


def test_same_site_spans_subdomains_but_not_boards() -> None:
    assert same_site("https://blog.acme.com/post", "https://acme.com/")
    assert not same_site("https://acme.org/", "https://acme.com/")
    assert not same_site("https://boards.greenhouse.io/a", "https://boards.greenhouse.io/b")


def test_one_spelling_per_page() -> None:
    assert normalise_url("https://Acme.COM/About/#team") == "https://acme.com/About"
    assert normalise_url("https://acme.com") == "https://acme.com/"


# ---------------------------------------------------------------- JSON-LD


def script(body: str) -> str:
    return f'<html><head><script type="application/ld+json">{body}</script></head></html>'


@pytest.mark.parametrize(
    "kind",
    ["JobPosting", "https://schema.org/JobPosting", "schema:JobPosting", ["JobPosting", "Thing"]],
)
def test_types_in_any_spelling(kind: object) -> None:
    html = script(json.dumps({"@type": kind, "title": "Welder"}))
    assert [n["title"] for n in json_ld(html, {"JobPosting"})] == ["Welder"]


@pytest.mark.parametrize(
    "wrap",
    [
        "<!-- {} -->",
        "//<![CDATA[\n{}\n//]]>",
        "<![CDATA[{}]]>",
    ],
)
def test_blocks_wrapped_in_comments_or_cdata(wrap: str) -> None:
    html = script(wrap.format(json.dumps({"@type": "Organization", "name": "Acme"})))
    assert [n["name"] for n in json_ld(html)] == ["Acme"]


def test_entity_escaped_block() -> None:
    html = script(
        "{&quot;@type&quot;: &quot;Organization&quot;, &quot;name&quot;: &quot;A&amp;B&quot;}"
    )
    assert [n["name"] for n in json_ld(html, {"Organization"})] == ["A&B"]


def test_graph_arrays_and_main_entities_are_all_found_in_page_order() -> None:
    first = [{"@type": "WebSite", "name": "site"}, {"@type": "Person", "name": "Ada"}]
    second = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "mainEntity": {"@type": "Organization", "name": "Acme"}},
            {"@type": "ItemList", "itemListElement": [{"@type": "Person", "name": "Bo"}]},
        ],
    }
    html = script(json.dumps(first)) + script(json.dumps(second))
    assert [n["name"] for n in json_ld(html, {"Person"})] == ["Ada", "Bo"]
    assert [n["name"] for n in json_ld(html, {"Organization", "WebSite"})] == ["site", "Acme"]
    assert len(json_ld(html)) == 7  # every object, containers included


def test_broken_blocks_are_skipped_not_fatal() -> None:
    html = script("{not json") + script(json.dumps({"@type": "Person", "name": "Cy"}))
    assert [n["name"] for n in json_ld(html)] == ["Cy"]


def test_schema_types_ignore_missing_and_non_text_types() -> None:
    assert schema_types({"@type": ["schema:Person", None, 3]}) == {"Person"}
    assert schema_types({}) == set()
