"""Where every text of an exported chart lands: the SVG opened in Chromium (Playwright), each
text element's box as the browser draws it (transforms and fonts applied), and the pairs of
boxes that cross."""

from __future__ import annotations

from dataclasses import dataclass

BOXES_JS = """
() => [...document.querySelectorAll('text')]
  .filter(t => t.textContent.trim() && getComputedStyle(t).visibility !== 'hidden'
               && t.getAttribute('opacity') !== '0' && parseFloat(getComputedStyle(t).opacity) > 0)
  .map(t => { const r = t.getBoundingClientRect();
              return [t.textContent.trim(), r.left, r.top, r.right, r.bottom]; })
  .filter(b => b[3] > b[1] && b[4] > b[2])
"""


@dataclass(frozen=True)
class Box:
    text: str
    left: float
    top: float
    right: float
    bottom: float


def text_boxes(page, svg: bytes) -> list[Box]:
    page.set_content(svg.decode("utf-8"))
    return [Box(*row) for row in page.evaluate(BOXES_JS)]


def overlaps(boxes: list[Box], slack: float = 1.0) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes cross by more than `slack` pixels each way (glyph boxes
    include line spacing, so touching lines are not an overlap)."""
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            wide = min(a.right, b.right) - max(a.left, b.left)
            high = min(a.bottom, b.bottom) - max(a.top, b.top)
            if wide > slack and high > slack:
                out.append((a.text, b.text))
    return out
