"""Money amounts: "¥1.14 trillion", "$8.7 billion", "2066.5bn yen", "-84.5 billion".

A bare figure ("331.9 billion") takes the currency of the nearest stated amount before it
in the sentence, else of the article (flow stories state yen once and then drop it); such
amounts are flagged ``currency_explicit=False``. An amount in parentheses right after
another ("862.6 billion yen ($8.7 billion)") is recorded as its conversion.

Matching runs on characters rather than tokens because the English tokenizer splits
"US$2.43" and "S$15.31" or "2066.5bn" and "+330.5bn" inconsistently.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from extractor.nlp import patterns
from extractor.nlp.mentions import AmountMention, register_extensions
from extractor.nlp.text import doc_text, sent_index


class Amounts:
    def __init__(self, patterns_dir: str, patterns_file: str) -> None:
        register_extensions()
        data = patterns.load(patterns_dir, patterns_file)
        self.regex = patterns.compile_pattern(data["pattern"], patterns_dir, flags=0)
        self.scales = {k.lower(): float(v) for k, v in data["scales"].items()}
        self.currencies = data["currencies"]
        words = "|".join(re.escape(w) for w in sorted(data["approximate_before"], key=len, reverse=True))
        # "about 608.5 billion", "approximately ¥-…", "around a net 1.2 trillion"
        self.approx = re.compile(rf"(?<![\w-])(?:{words})\s+(?:a\s+)?(?:net\s+)?$", re.IGNORECASE)
        self.conversion_gap = re.compile(data["conversion_gap"], re.IGNORECASE)
        self.article_yen = re.compile(data["article_yen"], re.IGNORECASE)

    def _currency(self, symbol: str | None) -> str | None:
        if not symbol:
            return None
        key = re.sub(r"\s+", " ", symbol.strip())
        return self.currencies.get(key) or self.currencies.get(key.replace(" ", ""))

    def find(self, doc: Doc) -> list[AmountMention]:
        text = doc_text(doc)  # built once per Doc, shared by the components
        found: list[AmountMention] = []
        for match in self.regex.finditer(text):
            number = match["num"].replace(",", "")
            scale = self.scales[match["scale"].lower()]
            decimals = len(number.split(".")[1]) if "." in number else 0
            value = float(number) * scale
            sign = match["sign"]
            if sign in ("-", "−"):
                value = -value
            # "$455.7 billion yen": the currency word after the figure wins over a stray symbol before it
            currency = self._currency(match["cur2"]) or self._currency(match["cur"])
            before = text[max(0, match.start() - 20) : match.start()]
            approx = bool(self.approx.search(before))
            found.append(
                AmountMention(
                    start_char=match.start() + (len(match.group(0)) - len(match.group(0).lstrip())),
                    end_char=match.end(),
                    text=match.group(0).strip(),
                    sent=sent_index(doc, match.start()),
                    value=value,
                    currency=currency,
                    currency_explicit=currency is not None,
                    precision=scale * 10 ** (-decimals),
                    approximate=approx,
                    signed=sign is not None,
                )
            )
        self._link_conversions(text, found)
        self._inherit_currency(text, found)
        return found

    def _link_conversions(self, text: str, found: list[AmountMention]) -> None:
        for i in range(1, len(found)):
            prev, cur = found[i - 1], found[i]
            gap = text[prev.end_char : cur.start_char]
            closes = text[cur.end_char : cur.end_char + 3].lstrip().startswith((")", "]"))
            if self.conversion_gap.match(gap) and closes and prev.conversion_of is None:
                cur.conversion_of = prev
                cur.role = "conversion"

    def _inherit_currency(self, text: str, found: list[AmountMention]) -> None:
        explicit = [a for a in found if a.currency_explicit and a.conversion_of is None]
        article_currency = "JPY" if self.article_yen.search(text) else (
            explicit[0].currency if explicit else None
        )
        last_in_sentence: dict[int, str] = {}
        for amount in found:
            if amount.currency_explicit:
                if amount.conversion_of is None:
                    last_in_sentence[amount.sent] = amount.currency or ""
                continue
            amount.currency = last_in_sentence.get(amount.sent) or article_currency

    def __call__(self, doc: Doc) -> Doc:
        amounts = self.find(doc)
        doc._.fc_amounts = amounts
        spans = [doc.char_span(a.start_char, a.end_char, label=a.currency or "AMOUNT", alignment_mode="expand")
                 for a in amounts]
        doc.spans["fc_amounts"] = [s for s in spans if s is not None]
        return doc


@Language.factory(
    "flowcheck_amounts",
    default_config={"patterns_dir": "", "patterns_file": "amounts.json"},
    requires=["doc.sents"],
    assigns=["doc._.fc_amounts"],
)
def make_amounts(nlp: Language, name: str, patterns_dir: str, patterns_file: str) -> Amounts:
    return Amounts(patterns_dir, patterns_file)
