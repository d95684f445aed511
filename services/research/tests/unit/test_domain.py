"""Pure research logic: pages, JSON-LD, news dates, people, summary, cache rule, pacing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from jobintel.contracts import CacheOutcome, CompanyProfile, ContactRole, StructuredJD
from jobintel.research.adapters.site import HostPacer
from jobintel.research.domain.contacts import (
    people_from_posting,
    people_from_team_page,
    role_of,
    to_contacts,
)
from jobintel.research.domain.facts import Passage, tech_mentions, tech_signals, text_facts
from jobintel.research.domain.jsonld import Person, read_objects
from jobintel.research.domain.news import find_date, news_from_page
from jobintel.research.domain.pages import (
    Link,
    PageKind,
    SitemapEntry,
    choose_pages,
    classify,
    json_ld,
    links,
    sitemap,
)
from jobintel.research.domain.summary import extractive_summary
from jobintel.research.service import Cached, CachePolicy, cache_outcome

pytestmark = pytest.mark.unit

SITE = "https://acme.example/"
JD = StructuredJD(version=1, title="Backend Engineer", description_text="Python work.")


def test_links_stay_on_the_company_site_and_skip_files() -> None:
    html = """<a href="/about">About</a><a href="https://blog.acme.co.uk/news">News</a>
    <a href="https://other.co.uk/x">x</a><a href="/deck.pdf">deck</a><a href="mailto:a@b">m</a>
    <a href="/about#team">again</a>"""
    assert [link.url for link in links(html, "https://www.acme.co.uk/")] == [
        "https://www.acme.co.uk/about",
        "https://blog.acme.co.uk/news",
    ]


@pytest.mark.parametrize(
    ("url", "text", "kind"),
    [
        ("https://acme.example/", "", PageKind.HOME),
        ("https://acme.example/company/leadership", "", PageKind.TEAM),
        ("https://acme.example/x", "Meet the team", PageKind.TEAM),
        ("https://acme.example/blog", "", PageKind.NEWS),
        ("https://acme.example/jobs", "", PageKind.CAREERS),
        ("https://acme.example/about-us", "", PageKind.ABOUT),
        ("https://acme.example/pricing", "Pricing", PageKind.OTHER),
    ],
)
def test_pages_are_classified_by_path_and_link_text(url: str, text: str, kind: PageKind) -> None:
    assert classify(url, text) is kind


def test_sitemaps_and_sitemap_indexes_are_read_without_expanding_entities() -> None:
    xml = """<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>
    <urlset><url><loc>https://acme.example/news/launch?a=1&amp;b=2</loc>
    <lastmod>2026-04-01T10:00:00+00:00</lastmod></url><url><loc>https://acme.example/team</loc></url>
    </urlset><sitemapindex><sitemap><loc>https://acme.example/more.xml</loc></sitemap></sitemapindex>"""
    entries, children = sitemap(xml)
    assert entries == [
        SitemapEntry("https://acme.example/news/launch?a=1&b=2", date(2026, 4, 1)),
        SitemapEntry("https://acme.example/team", None),
    ]
    assert children == ["https://acme.example/more.xml"]


def test_page_choice_takes_about_team_and_news_first_within_the_limit() -> None:
    found = [
        Link("https://acme.example/careers", "Jobs"),
        Link("https://acme.example/about", ""),
        Link("https://acme.example/team", ""),
    ]
    entries = [
        SitemapEntry("https://acme.example/news", None),
        SitemapEntry("https://elsewhere.example/about", None),
    ]
    chosen = choose_pages(SITE, found, entries, limit=3)
    assert chosen == {
        "https://acme.example/about": PageKind.ABOUT,
        "https://acme.example/team": PageKind.TEAM,
        "https://acme.example/news": PageKind.NEWS,
    }


def test_json_ld_organization_in_a_graph_gives_cited_facts_and_people() -> None:
    html = """<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
      {"@type": ["Corporation"], "name": "Acme", "foundingDate": "2015-03-01",
       "numberOfEmployees": {"minValue": 50, "maxValue": 100},
       "address": [{"addressLocality": "Berlin", "addressCountry": "DE"}],
       "sameAs": "https://www.linkedin.com/company/acme",
       "founder": [{"@type": "Person", "name": "Greta L"}, "Tom K"]},
      {"@type": "Person", "givenName": "Ada", "familyName": "Quill", "jobTitle": "CTO"}]}
    </script><script type="application/ld+json">not json</script>"""
    found = read_objects(json_ld(html), SITE)
    facts = {f.label: f.value for f in found.facts}
    assert facts == {"Founded": "2015-03-01", "Employees": "50-100", "Headquarters": "Berlin, DE"}
    assert all(f.source_url == SITE for f in found.facts)
    assert found.same_as == ["https://www.linkedin.com/company/acme"]
    assert [(p.name, p.title) for p in found.people] == [
        ("Greta L", "Founder"),
        ("Tom K", "Founder"),
        ("Ada Quill", "CTO"),
    ]


def test_text_facts_cite_their_page_and_defer_to_json_ld() -> None:
    passages = [
        Passage(
            "https://acme.example/about",
            "Founded in 2012, we are a team of 1,200 people. Our mission is to help.",
        )
    ]
    facts = {f.label: f for f in text_facts(passages, known={"Founded"})}
    assert set(facts) == {"Employees", "Mission"}
    assert facts["Employees"].value == "1200"
    assert facts["Mission"].source_url == "https://acme.example/about"


def test_tech_signals_count_across_sources_and_cite_each() -> None:
    signals = tech_signals(
        [
            ("https://acme.example/", "We use Python, Go and PostgreSQL."),
            (None, "Python on Kubernetes. Let's go to Java land, not JavaScript"),
        ]
    )
    assert signals.stack[0] == "Python"
    assert set(signals.stack) == {"Python", "Go", "PostgreSQL", "Kubernetes", "Java", "JavaScript"}
    assert [f.source_url for f in signals.facts] == ["https://acme.example/", None]


def test_tech_signals_use_the_shared_taxonomy_names_and_skip_everyday_words() -> None:
    signals = tech_signals(
        [
            (
                "https://acme.example/jobs",
                "Go to our careers page this spring. We run k8s, Postgres and Apache Kafka, "
                "our front end is ReactJS, and some services are in Go.",
            )
        ]
    )
    assert set(signals.stack) == {"Kubernetes", "PostgreSQL", "Apache Kafka", "React", "Go"}
    assert tech_mentions("Go to our careers page, built in Go.")["Go"] == 1
    assert tech_mentions("APIs in Node.js") == {"Node.js": 1}


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("Posted 2026-03-04", date(2026, 3, 4)),
        ("March 3, 2026", date(2026, 3, 3)),
        ("3 Sept 2026", date(2026, 9, 3)),
        ("Feb 30, 2026", None),
        ("no date here", None),
    ],
)
def test_dates_are_found_in_common_forms(text: str, when: date | None) -> None:
    assert find_date(text) == when


def test_news_items_need_a_title_and_a_date_and_come_newest_first() -> None:
    html = """<article><h2><a href="/n/1">Old news</a></h2><time datetime="2025-01-05">x</time>
    </article><article><h2>Fresh news</h2><p>On 4 May 2026 we shipped.</p></article>
    <article><h2>Undated</h2></article>"""
    items = news_from_page(html, "https://acme.example/news")
    assert [(i.title, i.date, i.source_url) for i in items] == [
        ("Fresh news", date(2026, 5, 4), "https://acme.example/news"),
        ("Old news", date(2025, 1, 5), "https://acme.example/n/1"),
    ]


def test_team_pages_give_names_with_titles_and_public_profiles() -> None:
    html = """<h2>Our team</h2><div><h3>Jane Doe</h3><p>VP of Engineering</p>
    <a href="https://www.linkedin.com/in/jane-doe-example">in</a></div>
    <div><h3>Random Heading Here</h3><p>We love coffee and long walks.</p></div>
    <div><strong>Li Wei</strong><span>Product Designer</span></div>"""
    people = people_from_team_page(html, "https://acme.example/team")
    assert [(p.name, p.title) for p in people] == [
        ("Jane Doe", "VP of Engineering"),
        ("Li Wei", "Product Designer"),
    ]
    assert people[0].profile_urls == ("https://www.linkedin.com/in/jane-doe-example",)


def test_the_posting_names_its_hiring_manager_and_recruiter() -> None:
    text = (
        "You will report to Sam Carter, Director of Data.\n"
        "Contact Jane Smith, Senior Technical Recruiter, with questions. "
        "Our hiring manager is eager to meet you."
    )
    people = people_from_posting(text, "https://jobs.example/1")
    assert [(p.name, p.title, p.context) for p in people] == [
        ("Sam Carter", "Director of Data", "hiring_manager"),
        ("Jane Smith", "Senior Technical Recruiter", "recruiter"),
    ]


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("CEO & Co-founder", ContactRole.FOUNDER),
        ("Talent Acquisition Lead", ContactRole.RECRUITER),
        ("VP Engineering", ContactRole.ENGINEERING_LEADER),
        ("Head of Product", ContactRole.PRODUCT_LEADER),
        ("Senior Data Engineer", ContactRole.PEER),
        ("Office Manager", ContactRole.OTHER),
    ],
)
def test_titles_map_to_role_categories(title: str, role: ContactRole) -> None:
    assert role_of(Person("A B", title, None)) is role


def test_contacts_merge_page_and_posting_and_put_the_hiring_manager_first() -> None:
    people = [
        Person("Li Wei", "Product Designer", "https://acme.example/team"),
        Person("Sam Carter", "Director of Data", "https://acme.example/team"),
        Person("Sam Carter", None, "https://jobs.example/1", context="hiring_manager"),
    ]
    contacts = to_contacts(people, JD, "Acme")
    assert [c.name for c in contacts] == ["Sam Carter", "Li Wei"]
    sam = contacts[0]
    assert (sam.role, sam.title, sam.source_url, sam.from_posting) == (
        ContactRole.HIRING_MANAGER,
        "Director of Data",
        "https://acme.example/team",
        True,
    )
    assert sam.outreach_draft is not None
    assert sam.outreach_draft.startswith("Hi Sam,")
    assert "Backend Engineer" in sam.outreach_draft
    assert "@" not in sam.outreach_draft


def test_the_extractive_summary_keeps_reading_order_and_sources() -> None:
    passages = [
        Passage(
            "https://acme.example/",
            "Acme builds warehouse robots for small retailers. "
            "Click here. More than 400 retailers ship faster with our robots.",
            "home",
        ),
        Passage(
            "https://acme.example/about",
            "Acme was founded in Berlin in 2015 by warehouse "
            "operators. Acme builds warehouse robots for small retailers too.",
            "about",
        ),
    ]
    summary = extractive_summary("Acme", passages, sentences_out=2)
    assert summary is not None
    assert "Click here" not in summary.text
    assert summary.text.count("warehouse robots for small retailers") == 1  # no near-duplicates
    assert set(summary.sources) <= {"https://acme.example/", "https://acme.example/about"}
    assert extractive_summary("Acme", []) is None


NOW = datetime(2026, 11, 1, tzinfo=UTC)
POLICY = CachePolicy(profile_ttl=timedelta(days=30), contacts_ttl=timedelta(days=14))


def cached(age_days: float, contacts_age_days: float | None, complete: bool = True) -> Cached:
    profile = CompanyProfile(
        company_id="acme.example",
        name="Acme",
        researched_at=NOW - timedelta(days=age_days),
        contacts_researched_at=None
        if contacts_age_days is None
        else NOW - timedelta(days=contacts_age_days),
    )
    return Cached(profile=profile, contact_pages={}, complete=complete)


@pytest.mark.parametrize(
    ("entry", "force", "outcome"),
    [
        (None, False, CacheOutcome.MISS),
        (cached(1, 1), False, CacheOutcome.HIT),
        (cached(1, 1), True, CacheOutcome.MISS),
        (cached(31, 1), False, CacheOutcome.MISS),
        (cached(1, None), False, CacheOutcome.PARTIAL_HIT),
        (cached(20, 15), False, CacheOutcome.PARTIAL_HIT),
        (cached(1, 1, complete=False), False, CacheOutcome.MISS),
    ],
)
def test_the_cache_rule(entry: Cached | None, force: bool, outcome: CacheOutcome) -> None:
    assert cache_outcome(entry, POLICY, NOW, force=force) is outcome


async def test_requests_to_one_host_are_spaced_and_other_hosts_are_not_held_up() -> None:
    clock = [100.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += seconds

    pacer = HostPacer(2.0, clock=lambda: clock[0], sleep=sleep)
    await pacer.wait("https://acme.example/a")
    clock[0] += 0.5
    await pacer.wait("https://acme.example/b")
    await pacer.wait("https://other.example/")
    assert slept == [1.5]
