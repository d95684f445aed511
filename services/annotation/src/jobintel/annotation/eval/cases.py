"""The labelled set: one TOML file per job description under `cases/`.

Each file gives the posting (`title`, `company`, `format` text or html, `body`, optional
`[[source_sections]]`) and what a careful reader expects: `sections` (kinds present),
`must_have` and `nice_to_have` (a distinctive phrase of each requirement, as written), and
`skills` (canonical names from the taxonomy, or the plain name when the taxonomy lacks it),
and `tool_instructions`, how many passages address AI or CV tools (prompt injection).

`cases/holdout/` was written after the structuring rules were settled and is never used to
change them: its scores are the honest estimate for postings nobody tuned against.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources

from jobintel.contracts import Posting, SourceSection

from ..domain.blocks import BlockKind, blocks_from_html


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    posting: Posting
    sections: frozenset[str]
    must_have: tuple[str, ...]
    nice_to_have: tuple[str, ...]
    skills: frozenset[str]
    tool_instructions: int = 0  # passages addressed to automated tools (prompt injection)


def html_as_text(html: str) -> str:
    """Plain text of an HTML posting, one line per block and "- " before list items."""
    lines = []
    for block in blocks_from_html(html):
        lines.append(f"- {block.text}" if block.kind is BlockKind.ITEM else block.text)
    return "\n".join(lines)


def _posting(name: str, data: dict[str, object]) -> Posting:
    body = str(data["body"]).strip()
    html = data.get("format") == "html"
    sections = [
        SourceSection(heading=str(s["heading"]), text=str(s["text"]).strip())
        for s in data.get("source_sections", [])  # type: ignore[attr-defined]
    ]
    text = html_as_text(body) if html else body
    if sections and not body:
        text = "\n\n".join(f"{s.heading}\n{s.text}" for s in sections)
    return Posting(
        source="eval",
        external_id=name,
        title=str(data["title"]),
        company=str(data["company"]) if data.get("company") else None,
        description_html=body if html else None,
        description_text=text,
        sections=sections,
    )


def load_cases(subset: str = "") -> list[Case]:
    """The development set (`cases/*.toml`), or a subset folder such as `holdout`."""
    folder = resources.files("jobintel.annotation.eval").joinpath("cases")
    if subset:
        folder = folder.joinpath(subset)
    cases = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
        name = entry.name.removesuffix(".toml")
        cases.append(
            Case(
                name=name,
                posting=_posting(name, data),
                sections=frozenset(data.get("sections", [])),
                must_have=tuple(data.get("must_have", [])),
                nice_to_have=tuple(data.get("nice_to_have", [])),
                skills=frozenset(data.get("skills", [])),
                tool_instructions=int(data.get("tool_instructions", 0)),
            )
        )
    return cases
