"""Assembling a company profile from the pages read, and fitting it to one job."""

from __future__ import annotations

from dataclasses import dataclass, field

from jobintel.contracts import CompanyProfile, Contact, Fact, Posting, StructuredJD

from .contacts import people_from_posting, people_from_team_page, to_contacts
from .facts import Passage, TechSignals, tech_signals, text_facts, what_they_make
from .identity import CompanyIdentity
from .jsonld import OrganizationFindings, Person, read_objects
from .news import latest, news_from_page, news_from_sitemap
from .pages import PageKind, SitemapEntry, json_ld, main_text, meta_description

POSTING_TECH = "Tech stack signals in the posting"


@dataclass(frozen=True, slots=True)
class PageContent:
    url: str
    kind: PageKind
    html: str


@dataclass
class SiteFindings:
    """What the company's own pages say, before any job is considered."""

    profile: CompanyProfile
    passages: list[Passage]
    contact_pages: dict[str, PageKind]


@dataclass
class SiteVisit:
    """What one visit to a company's site brought back, problems included."""

    pages: list[PageContent] = field(default_factory=list)
    sitemap: list[SitemapEntry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    retry_later: list[str] = field(default_factory=list)  # failed, may work later
    reachable: bool = True
    planned: dict[str, PageKind] = field(default_factory=dict)  # pages chosen to be read
    skipped: list[str] = field(default_factory=list)  # pages robots.txt keeps us out of


def read_people(pages: list[PageContent]) -> list[Person]:
    """People on team pages and in JSON-LD anywhere on the site."""
    people: list[Person] = []
    for page in pages:
        people.extend(read_objects(json_ld(page.html), page.url).people)
        if page.kind is PageKind.TEAM:
            people.extend(people_from_team_page(page.html, page.url))
    unique: dict[str, Person] = {}
    for person in people:
        key = person.name.lower()
        known = unique.get(key)
        if known is None:
            unique[key] = person
        else:  # the same person on two pages: keep the first source, gather the rest
            unique[key] = Person(
                name=known.name,
                title=known.title or person.title,
                source_url=known.source_url,
                profile_urls=tuple(dict.fromkeys(known.profile_urls + person.profile_urls)),
            )
    return list(unique.values())


def people_as_contacts(people: list[Person]) -> list[Contact]:
    """Site people kept in the cache: who and where, without any one job's view of them."""
    return [
        Contact(
            name=p.name, title=p.title, source_url=p.source_url, profile_urls=list(p.profile_urls)
        )
        for p in people
    ]


def contacts_as_people(contacts: list[Contact]) -> list[Person]:
    return [
        Person(
            name=c.name, title=c.title, source_url=c.source_url, profile_urls=tuple(c.profile_urls)
        )
        for c in contacts
        if not c.from_posting
    ]


def read_site(identity: CompanyIdentity, visit: SiteVisit) -> SiteFindings:
    """Facts, tech signals, news and people from the pages of one site, each cited."""
    pages, entries = visit.pages, visit.sitemap
    org = OrganizationFindings()
    passages: list[Passage] = []
    meta: str | None = None
    for page in pages:
        found = read_objects(json_ld(page.html), page.url)
        known_labels = {f.label for f in org.facts}
        org.facts.extend(f for f in found.facts if f.label not in known_labels)
        org.same_as.extend(u for u in found.same_as if u not in org.same_as)
        org.description = org.description or found.description
        if page.kind is PageKind.HOME and (desc := meta_description(page.html)):
            meta = desc
        text = main_text(page.html, page.url)
        if text:
            passages.append(Passage(url=page.url, text=text, kind=str(page.kind)))
    facts = list(org.facts)
    if not org.description:
        made = what_they_make(meta, passages)
        if made:
            home = next((p.url for p in pages if p.kind is PageKind.HOME), None)
            source = (
                home if made == meta else next((p.url for p in passages if made in p.text), home)
            )
            facts.insert(0, Fact(label="What they do", value=made, source_url=source))
    facts.extend(text_facts(passages, {f.label for f in facts}))
    tech = tech_signals([(p.url, p.text) for p in passages if p.kind != "news"])
    facts.extend(tech.facts)
    news = []
    for page in pages:
        if page.kind is PageKind.NEWS:
            news.extend(news_from_page(page.html, page.url))
    news = latest(news or news_from_sitemap(entries), 5)
    people = read_people(pages)
    profile = CompanyProfile(
        company_id=identity.company_id,
        name=identity.name,
        domain=identity.domain,
        website=identity.website,
        facts=facts,
        tech_stack=tech.stack,
        news=news,
        contacts=people_as_contacts(people),
        same_as=org.same_as,
        pages=[p.url for p in pages],
    )
    where = contact_pages(pages)
    # a team page that could not be read now is where contact discovery will look next time
    where.update({u: k for u, k in visit.planned.items() if k is PageKind.TEAM})
    return SiteFindings(profile=profile, passages=passages, contact_pages=where)


def contact_pages(pages: list[PageContent]) -> dict[str, PageKind]:
    """Where people were (or could be) found: team pages, else pages naming anyone, else home."""
    found: dict[str, PageKind] = {p.url: p.kind for p in pages if p.kind is PageKind.TEAM}
    for page in pages:
        if page.url not in found and read_people([page]):
            found[page.url] = page.kind
    if not found:
        found.update({p.url: p.kind for p in pages if p.kind is PageKind.HOME})
    return found


def for_job(profile: CompanyProfile, posting: Posting, jd: StructuredJD) -> CompanyProfile:
    """The company profile as this job sees it: posting signals and contacts ranked for it."""
    posting_tech: TechSignals = tech_signals(
        [(posting.url, posting.description_text)], label=POSTING_TECH
    )
    stack = list(profile.tech_stack)
    stack.extend(t for t in posting_tech.stack if t not in stack)
    facts = [f for f in profile.facts if f.label != POSTING_TECH]
    facts.extend(posting_tech.facts)
    people = contacts_as_people(profile.contacts) + people_from_posting(
        posting.description_text, posting.url
    )
    return profile.model_copy(
        update={
            "tech_stack": stack,
            "facts": facts,
            "contacts": to_contacts(people, jd, profile.name),
        }
    )
