"""People worth contacting: from team pages, JSON-LD and the posting; why each matters.

No email is ever guessed: a contact is a name, a title and the page that names them.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from jobintel.contracts import Contact, ContactRole, StructuredJD

from .jsonld import Person

_WORD = r"[A-ZÀ-Ý][a-zà-ÿ'\u2019]+"
_NAME = re.compile(rf"^{_WORD}(?:[ -](?:van |de |von |da )?{_WORD}){{1,3}}$")
_TITLE_WORDS = re.compile(
    r"\b(ceo|cto|cpo|coo|cfo|vp|chief|head|director|manager|lead|founder|co-founder|engineer|"
    r"developer|designer|recruiter|talent|people|partner|president|officer|scientist|"
    r"product|engineering|architect|analyst|operations|marketing|sales|hr)\b",
    re.I,
)
_NOT_NAMES = frozenset(
    {
        "Our Team",
        "Meet The Team",
        "Leadership Team",
        "Our People",
        "About Us",
        "Contact Us",
        "Join Us",
        "Read More",
        "Learn More",
    }
)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _looks_like_name(text: str) -> bool:
    return (
        bool(_NAME.match(text)) and text.title() not in _NOT_NAMES and not _TITLE_WORDS.search(text)
    )


def people_from_team_page(html: str, url: str) -> list[Person]:
    """Name and title pairs of a team/leadership page.

    A name is a short heading-like element (h2-h5, strong, or an element whose class says
    name); its title is the next element's text when that reads like a job title.
    """
    tree = LexborHTMLParser(html)
    found: dict[str, Person] = {}
    for node in tree.css('h2, h3, h4, h5, strong, b, [class*="name"]'):
        name = _clean(node.text(separator=" "))
        if not _looks_like_name(name) or name in found:
            continue
        title = _title_after(node)
        if title:
            found[name] = Person(
                name=name, title=title, source_url=url, profile_urls=_profile_links(node)
            )
    return list(found.values())


def _title_after(node: LexborNode) -> str | None:
    sibling = node.next
    steps = 0
    while sibling is not None and steps < 4:
        if sibling.tag not in ("-text", "br") or _clean(sibling.text() or ""):
            text = _clean(sibling.text(separator=" ") or "")
            if text:
                if len(text) <= 80 and _TITLE_WORDS.search(text):
                    return text.strip(" ,-|\u2013")
                return None
        sibling = sibling.next
        steps += 1
    return None


def _profile_links(node: LexborNode) -> tuple[str, ...]:
    parent = node.parent
    if parent is None:
        return ()
    links = []
    for a in parent.css("a[href]"):
        href = a.attributes.get("href") or ""
        if re.match(r"https?://(www\.)?(linkedin\.com|github\.com|x\.com|twitter\.com)/", href):
            links.append(href)
    return tuple(dict.fromkeys(links))


_PERSON = r"([A-Z][a-z'\u2019]+(?: [A-Z][a-z'\u2019]+){1,2})"
_POSTING_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            rf"\b(?i:report(?:s|ing)? (?:directly )?to) {_PERSON}(?:,? (?:our |the )?"
            rf"([A-Z][\w ,&/-]{{2,60}}?))?(?=[.;\n)]|$)"
        ),
        "hiring_manager",
    ),
    (
        re.compile(
            rf"\b(?i:hiring manager)(?: is|:|,| -)? {_PERSON}(?:,? ([A-Z][\w ,&/-]{{2,60}}?))?"
            rf"(?=[.;\n)]|$)"
        ),
        "hiring_manager",
    ),
    (
        re.compile(
            rf"\b(?i:recruiter|talent partner|talent acquisition partner|recruiting contact)"
            rf"(?: is|:|,| -)? {_PERSON}"
        ),
        "recruiter",
    ),
    (
        re.compile(
            rf"\b{_PERSON}(?:,| -| \u2013) (?:our |the )?((?i:(?:senior |lead )?"
            rf"(?:technical )?(?:recruiter|talent partner|talent acquisition[\w ]*)))"
        ),
        "recruiter",
    ),
)


_LEAD_WORDS = frozenset(
    {
        "Contact",
        "Email",
        "Ask",
        "Meet",
        "Our",
        "The",
        "Dear",
        "Hi",
        "Hello",
        "Please",
        "Call",
        "Message",
        "Reach",
        "With",
        "And",
        "Or",
    }
)


def _trim_name(name: str) -> str:
    words = name.split()
    while len(words) > 2 and words[0] in _LEAD_WORDS:
        words.pop(0)
    return " ".join(words)


def people_from_posting(text: str, posting_url: str | None) -> list[Person]:
    """The recruiter and hiring manager when the posting names them."""
    found: dict[str, Person] = {}
    for pattern, context in _POSTING_PATTERNS:
        for match in pattern.finditer(text):
            name = _trim_name(match.group(1))
            title = match.group(2) if (match.lastindex or 0) >= 2 else None
            if name in found or not _looks_like_name(name):
                continue
            if title is None and context == "recruiter":
                title = "Recruiter"
            found[name] = Person(
                name=name,
                title=title.strip() if title else None,
                source_url=posting_url,
                context=context,
            )
    return list(found.values())


def role_of(person: Person) -> ContactRole:
    if person.context == "hiring_manager":
        return ContactRole.HIRING_MANAGER
    title = (person.title or "").lower()
    if re.search(r"\b(co-?founder|founder)\b", title):
        return ContactRole.FOUNDER
    if person.context == "recruiter" or re.search(
        r"\b(recruit\w*|talent|people partner|hr|human resources)\b", title
    ):
        return ContactRole.RECRUITER
    if re.search(
        r"\b(cto|engineering|technology|technical|platform|infrastructure|data)\b", title
    ) and re.search(r"\b(cto|chief|vp|head|director|manager|lead)\b", title):
        return ContactRole.ENGINEERING_LEADER
    if re.search(r"\b(cpo|product)\b", title) and re.search(
        r"\b(cpo|chief|vp|head|director|manager|lead)\b", title
    ):
        return ContactRole.PRODUCT_LEADER
    if re.search(r"\b(ceo|chief executive)\b", title):
        return ContactRole.FOUNDER if "found" in title else ContactRole.OTHER
    if re.search(r"\b(engineer|developer|scientist|designer|analyst|architect)\b", title):
        return ContactRole.PEER
    return ContactRole.OTHER


_PRIORITY = {
    ContactRole.HIRING_MANAGER: 0,
    ContactRole.RECRUITER: 1,
    ContactRole.ENGINEERING_LEADER: 2,
    ContactRole.PRODUCT_LEADER: 2,
    ContactRole.FOUNDER: 3,
    ContactRole.PEER: 4,
    ContactRole.OTHER: 5,
}


def _is_product_role(jd: StructuredJD) -> bool:
    words = f"{jd.title} {jd.role_family or ''}".lower()
    return bool(re.search(r"\b(product|pm|ux|design)\b", words)) and "engineer" not in words


def relevance(role: ContactRole, jd: StructuredJD, company: str, title: str | None = None) -> str:
    job = jd.title
    product = _is_product_role(jd)
    return {
        ContactRole.HIRING_MANAGER: f"Named in the posting as the person the {job} reports to.",
        ContactRole.RECRUITER: f"Recruits at {company}; can tell you where the {job} search "
        "stands.",
        ContactRole.ENGINEERING_LEADER: (
            f"Leads engineering at {company}: "
            + (
                "works closely with product hires."
                if product
                else f"the {job} most likely sits in their organisation."
            )
        ),
        ContactRole.PRODUCT_LEADER: (
            f"Leads product at {company}: "
            + (
                f"the {job} most likely reports into their team."
                if product
                else f"the {job} builds what their team specifies."
            )
        ),
        ContactRole.FOUNDER: f"Founder of {company}: sets direction; at a small company, often "
        "involved in hiring.",
        ContactRole.PEER: f"Works at {company} in a role close to the {job}: can describe the "
        "day-to-day.",
        ContactRole.OTHER: (
            f"{title} at {company}: can point you to the right person for the {job}."
            if title
            else f"Named on {company}'s own pages."
        ),
    }[role]


def outreach_draft(person: Person, role: ContactRole, jd: StructuredJD, company: str) -> str:
    """A short note to adapt before sending; offline template, no claims about the reader."""
    first = person.name.split()[0]
    ask = {
        ContactRole.HIRING_MANAGER: "I would welcome the chance to hear what success in the "
        "early months would look like for your team.",
        ContactRole.RECRUITER: "Could you tell me about the next steps and the timeline?",
        ContactRole.ENGINEERING_LEADER: "I would love to hear how the team works and what it is "
        "focused on this year.",
        ContactRole.PRODUCT_LEADER: "I would love to hear what the team is focused on this year.",
        ContactRole.FOUNDER: "I would value a few minutes to hear where you are taking the "
        "company next.",
        ContactRole.PEER: "Would you be open to a short chat about what the work is like day "
        "to day?",
        ContactRole.OTHER: "Would you be open to a short chat about the team?",
    }[role]
    return (
        f"Hi {first},\n\nI am applying for the {jd.title} role at {company}. "
        f"{ask}\n\nThank you for your time,\n[your name]"
    )


def to_contacts(people: list[Person], jd: StructuredJD, company: str) -> list[Contact]:
    """Contacts for one job, most useful first; one entry per person."""
    merged: dict[str, Person] = {}
    for person in people:
        key = person.name.lower()
        known = merged.get(key)
        if known is None:
            merged[key] = person
            continue
        # the same person on a page and in the posting: the page's title and link, the
        # posting's reason to contact them
        page, posting = (known, person) if known.context is None else (person, known)
        merged[key] = Person(
            name=known.name,
            title=page.title or posting.title,
            source_url=page.source_url or posting.source_url,
            profile_urls=page.profile_urls + posting.profile_urls,
            context=posting.context or page.context,
        )
    contacts = []
    for person in merged.values():
        role = role_of(person)
        contacts.append(
            Contact(
                name=person.name,
                title=person.title,
                role=role,
                relevance=relevance(role, jd, company, person.title),
                source_url=person.source_url,
                outreach_draft=outreach_draft(person, role, jd, company),
                profile_urls=list(person.profile_urls),
                from_posting=person.context is not None,
            )
        )
    contacts.sort(key=lambda c: (_PRIORITY[c.role], c.name))
    return contacts
