"""A description as a flat list of blocks (headings, list items, paragraphs) with offsets.

Offsets always point into the posting's plain-text description, because that is the text the
user annotates. HTML and the source's own sections only tell us *where the structure is*;
each block is then found again in the plain text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from selectolax.lexbor import LexborHTMLParser, LexborNode

from jobintel.contracts import Posting

from .lexicon import heading_kind, looks_like_heading


class BlockKind(StrEnum):
    HEADING = "heading"
    ITEM = "item"
    PARAGRAPH = "paragraph"


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    text: str
    start: int | None = None
    end: int | None = None


_WS = re.compile(r"\s+")
_BULLET = re.compile(r"^\s*(?:[-*•·▪◦●‣\u2013—+]|\d{1,2}[.)]|[a-z][.)]|o(?=\s))\s+")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+(.+?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)(.+?)(?:\*\*|__)\s*:?\s*$")

_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "aside",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "caption",
        "br",
        "hr",
        "body",
        "html",
        "figure",
    }
)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "dt", "caption", "th"})
_EMPHASIS_TAGS = frozenset({"strong", "b", "u", "em"})


def squash(text: str) -> str:
    return _WS.sub(" ", text).strip()


# ---------------------------------------------------------------- plain text


def _text_lines(text: str) -> Iterator[tuple[int, str]]:
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def _introduces_list(line: str, following: str) -> bool:
    """A short line, not a sentence, right above a bulleted list is that list's heading."""
    return (
        bool(_BULLET.match(following))
        and len(line.split()) <= 6
        and not re.search(r"[.!?;,]$", line)
    )


def blocks_from_text(text: str, *, base: int = 0) -> list[Block]:
    """Blocks of a plain text; offsets are `base` + position in `text`."""
    blocks: list[Block] = []
    lines = list(_text_lines(text))
    for index, (pos, line) in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        following = next((nxt.strip() for _, nxt in lines[index + 1 :] if nxt.strip()), "")
        lead = len(line) - len(line.lstrip())
        start = base + pos + lead
        end = start + len(stripped)
        md = _MD_HEADING.match(stripped) or _BOLD_LINE.match(stripped)
        if md and _title_like(md.group(1)):
            blocks.append(Block(BlockKind.HEADING, md.group(1).strip(" :"), start, end))
        elif bullet := _BULLET.match(stripped):
            body = stripped[bullet.end() :].strip()
            if body:
                blocks.append(Block(BlockKind.ITEM, body, start + bullet.end(), end))
        elif looks_like_heading(stripped) or _introduces_list(stripped, following):
            blocks.append(Block(BlockKind.HEADING, stripped.strip(" :*#"), start, end))
        else:
            blocks.append(Block(BlockKind.PARAGRAPH, stripped, start, end))
    return blocks


# ---------------------------------------------------------------- HTML


def _is_block(node: LexborNode) -> bool:
    return node.tag in _BLOCK_TAGS


def _has_block_child(node: LexborNode) -> bool:
    return any(_is_block(child) for child in node.iter(include_text=False))


def _emphasised_only(node: LexborNode, text: str) -> bool:
    """A paragraph whose whole text is bold/underlined reads as a heading."""
    for child in node.iter(include_text=False):
        if child.tag in _EMPHASIS_TAGS and squash(child.text()) == text:
            return True
    return False


def _title_like(text: str) -> bool:
    """Bold text that can be a heading: short, not a sentence, not starting mid-sentence
    ("no more than 25 hours a week" in bold is content)."""
    text = text.strip()
    first = next((c for c in text if c.isalnum()), "")
    return (
        0 < len(text) <= 80
        and len(text.split()) <= 10
        and not first.islower()
        and not re.search(r"[.,;!]$", text)
    )


def _bulleted(text: str) -> Block | None:
    """A paragraph written as a list item ("• Python", Workday's `<p>• ...</p>`)."""
    if (m := _BULLET.match(text)) and text[m.end() :].strip() and not text[:1].isalnum():
        return Block(BlockKind.ITEM, text[m.end() :].strip())
    return None


def _cells(row: LexborNode) -> list[LexborNode]:
    return [c for c in row.iter(include_text=False) if c.tag in {"td", "th"}]


def _column_table(table: LexborNode) -> list[Block] | None:
    """A requirements table with a header row ("Required" | "Nice to have"), read column by
    column: each header heads the cells under it. Other tables are read row by row."""
    rows = [_cells(r) for r in table.css("tr")]
    rows = [r for r in rows if r]
    if len(rows) < 2 or len(rows[0]) < 2:
        return None
    headers = [squash(c.text()) for c in rows[0]]
    header_row = all(c.tag == "th" or _emphasised_only(c, squash(c.text())) for c in rows[0])
    if not header_row or not all(heading_kind(h) for h in headers if h):
        return None
    blocks: list[Block] = []
    for column, header in enumerate(headers):
        blocks.append(Block(BlockKind.HEADING, header.strip(" :")))
        for row in rows[1:]:
            if column >= len(row):
                continue
            items = [squash(li.text()) for li in row[column].css("li")]
            for text in items or [squash(row[column].text())]:
                if text:
                    blocks.append(Block(BlockKind.ITEM, text))
    return blocks


def _html_blocks(node: LexborNode) -> Iterator[Block]:
    inline: list[str] = []

    def flush() -> Iterator[Block]:
        text = squash(" ".join(inline))
        inline.clear()
        if item := _bulleted(text):
            yield item
        elif text:
            kind = BlockKind.HEADING if looks_like_heading(text) else BlockKind.PARAGRAPH
            yield Block(kind, text.strip(" :") if kind is BlockKind.HEADING else text)

    for child in node.iter(include_text=True):
        if child.tag == "-text":
            inline.append(child.text_content or "")
            continue
        if child.tag in {"script", "style", "template", "noscript"}:
            continue
        if not _is_block(child):
            inline.append(child.text())
            continue
        yield from flush()
        if child.tag == "table" and (columns := _column_table(child)) is not None:
            yield from columns
            continue
        if child.tag in {"li", "dd"} and not child.css_first("ul, ol, table"):
            if text := squash(child.text()):
                yield Block(BlockKind.ITEM, text)  # Ashby's <li><p>...</p></li> is one item
            continue
        if _has_block_child(child):
            yield from _html_blocks(child)
            continue
        text = squash(child.text())
        if not text:
            continue
        if child.tag in _HEADING_TAGS and len(text) <= 80:
            yield Block(BlockKind.HEADING, text.strip(" :"))
        elif child.tag in {"li", "dd"}:
            yield Block(BlockKind.ITEM, text)
        elif item := _bulleted(text):
            yield item
        elif (_emphasised_only(child, text) and _title_like(text)) or looks_like_heading(text):
            yield Block(BlockKind.HEADING, text.strip(" :"))
        else:
            yield Block(BlockKind.PARAGRAPH, text)
    yield from flush()


def blocks_from_html(html: str) -> list[Block]:
    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    return list(_html_blocks(root)) if root is not None else []


# ---------------------------------------------------------------- anchoring


def _locate(text: str, needle: str, cursor: int) -> tuple[int, int] | None:
    """Find `needle` in `text` at or after `cursor`, tolerant of whitespace differences."""
    if not needle:
        return None
    at = text.find(needle, cursor)
    if at < 0:
        at = text.find(needle)
    if at >= 0:
        return at, at + len(needle)
    words = [re.escape(w) for w in needle.split()]
    if not words:
        return None
    pattern = re.compile(r"\s*".join(words) if len(needle) < 400 else r"\s+".join(words[:40]))
    found = pattern.search(text, cursor) or pattern.search(text)
    if found is None:
        return None
    if len(needle) >= 400:
        return found.start(), min(len(text), found.start() + len(needle))
    return found.start(), found.end()


def anchor(blocks: Iterable[Block], text: str) -> list[Block]:
    """Give every block its offsets in `text`, searching forward in reading order."""
    out: list[Block] = []
    cursor = 0
    for block in blocks:
        where = _locate(text, block.text, cursor)
        if where is None:
            out.append(Block(block.kind, block.text))
            continue
        # keep the description's own characters, so offsets inside the block stay exact
        out.append(Block(block.kind, text[where[0] : where[1]], where[0], where[1]))
        cursor = where[1]
    return out


def blocks_of(posting: Posting) -> list[Block]:
    """The best structure available: the source's sections, else its HTML, else its text."""
    text = posting.description_text
    if posting.sections and not _derived_from_html(posting):
        found: list[Block] = []
        for section in posting.sections:
            found.append(Block(BlockKind.HEADING, squash(section.heading).strip(" :")))
            # the source already delimited its sections: their lines are content, not headings
            found.extend(
                Block(BlockKind.PARAGRAPH if b.kind is BlockKind.HEADING else b.kind, b.text)
                for b in blocks_from_text(section.text)
            )
        return anchor(found, text)
    if posting.description_html:
        from_html = blocks_from_html(posting.description_html)
        if from_html:
            return _content_at_end(anchor(from_html, text))
    return _content_at_end(blocks_from_text(text))


def _derived_from_html(posting: Posting) -> bool:
    """Sections a source cut from its own HTML (Greenhouse's, at every bold phrase) say less
    than the HTML does: read the HTML then. Sections the HTML lacks are the source's own."""
    if not posting.description_html:
        return False
    html_text = squash(LexborHTMLParser(posting.description_html).text(separator=" ")).lower()
    return all(squash(s.heading).lower() in html_text for s in posting.sections)


def _content_at_end(blocks: list[Block]) -> list[Block]:
    """A "heading" with nothing under it ("Remote work" as the last line) is content."""
    if blocks and blocks[-1].kind is BlockKind.HEADING:
        last = blocks[-1]
        return [*blocks[:-1], Block(BlockKind.PARAGRAPH, last.text, last.start, last.end)]
    return blocks


# ---------------------------------------------------------------- sentences

_ABBREVIATIONS = frozenset(
    {
        "e.g",
        "i.e",
        "etc",
        "vs",
        "incl",
        "approx",
        "z.b",
        "bzw",
        "ca",
        "dr",
        "mr",
        "ms",
        "mrs",
        "inc",
        "ltd",
        "co",
        "jr",
        "sr",
        "no",
        "p.ex",
        "ej",
    }
)
_SENTENCE_BREAK = re.compile(r"[.!?;]+[\"')\]]?\s+")


def sentences(block: Block) -> list[Block]:
    """Split a paragraph into sentences, keeping offsets (abbreviations do not end one)."""
    text = block.text
    pieces: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_BREAK.finditer(text):
        before = text[start : m.start()].rsplit(" ", 1)[-1].lower().rstrip(".")
        following = text[m.end() : m.end() + 1]
        if before in _ABBREVIATIONS or (following and following.islower()):
            continue
        pieces.append((start, m.end()))
        start = m.end()
    pieces.append((start, len(text)))
    out: list[Block] = []
    for a, b in pieces:
        piece = text[a:b].strip()
        if not piece:
            continue
        offset = a + (len(text[a:b]) - len(text[a:b].lstrip()))
        if block.start is None:
            out.append(Block(block.kind, piece))
        else:
            out.append(
                Block(block.kind, piece, block.start + offset, block.start + offset + len(piece))
            )
    return out
