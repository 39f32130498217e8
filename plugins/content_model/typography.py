"""Smart quotes, dashes and ellipses: Python-Markdown's smarty, applied without its overhead.

Smarty runs a second full inline pass over every text node of the tree, trying
each of its sixteen patterns through Markdown's generic inline machinery:
with it a conversion takes twice as long, although most text nodes hold no
quote, double hyphen or three dots at all. This extension registers smarty's
own patterns (same regular expressions, same replacements, same order) and
applies them with the same rules as Markdown's InlineProcessor (each pattern
in priority order; after a match the replaced text becomes a placeholder and
the search goes on just past it), but only to text nodes that can match.
The output is byte for byte smarty's (tests/test_typography.py compares both
on the real content and on generated text full of quotes and dashes).

Use it in MARKDOWN["extension_configs"] as "content_model.typography", with
smarty's own options.
"""

from __future__ import annotations

from markdown import util
from markdown.extensions.smarty import SmartyExtension
from markdown.treeprocessors import Treeprocessor

# Every smarty pattern needs one of these in the text it replaces.
TRIGGERS = ("'", '"', "--", "...", "<<", ">>")


class _Typography(Treeprocessor):
    def __init__(self, md, patterns) -> None:
        super().__init__(md)
        self.patterns = [(pattern, pattern.getCompiledRegExp()) for pattern in patterns]

    def run(self, root) -> None:
        self.stashed: dict[str, str] = {}
        for element in root.iter():
            if element is not root:
                if element.text and not isinstance(element.text, util.AtomicString):
                    element.text = self._educate(element.text)
                if element.tail:
                    element.tail = self._educate(element.tail)

    def _educate(self, text: str) -> str:
        if not any(trigger in text for trigger in TRIGGERS):
            return text
        placeholders = []
        for pattern, regex in self.patterns:
            start = 0
            while (match := regex.search(text, start)) is not None:
                replacement, begin, end = pattern.handleMatch(match, text)
                placeholder = util.INLINE_PLACEHOLDER % f"{len(self.stashed):04d}"
                self.stashed[placeholder] = replacement
                placeholders.append(placeholder)
                text = text[:begin] + placeholder + text[end:]
                start = begin + len(placeholder)
        for placeholder in placeholders:
            text = text.replace(placeholder, self.stashed[placeholder], 1)
        return text


class TypographyExtension(SmartyExtension):
    """smarty with the same options and output, registered as a quicker tree processor."""

    def extendMarkdown(self, md) -> None:
        super().extendMarkdown(md)
        md.treeprocessors.register(_Typography(md, list(self.inlinePatterns)), "smarty", 6)


def makeExtension(**kwargs):
    return TypographyExtension(**kwargs)
