"""Reuters-style tables of MoF weekly flows, one flow claim per numeric cell:

    Details of net investments were as follows (in billion yen).
    FOREIGN INVESTMENT IN JAPAN: (net)
    stocks bonds bills
    Aug 28-Sep 3 -87.7 +377.2 +201.5
    JAPANESE INVESTMENT ABROAD: (a minus sign indicates net selling …)

The block title gives the market, the header the securities of each column, the legend the
sign convention (minus = net selling unless the legend says it means net buying), and the row
label the week. "r" marks a revised figure.

The table is read as a stream of parts, not line by line: scrapers often flatten it
("stocks bonds bills Aug 17-23 -214.5 557.9 -156.4 Aug 10-16 43.9r …") or break a row in
the middle, and those must give the same claims as the multi-line layout.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from extractor import calendar as mcal
from extractor.nlp import patterns
from extractor.nlp.components.periods import day_number, month_number
from extractor.nlp.mentions import AmountMention, FlowMention, PeriodMention, register_extensions
from extractor.nlp.text import doc_text, sent_index

_GAP = re.compile(r"[\s|]*")


class Tables:
    def __init__(self, patterns_dir: str, patterns_file: str) -> None:
        register_extensions()
        data = patterns.load(patterns_dir, patterns_file)
        self.scale = re.compile(data["scale"], re.IGNORECASE)
        self.scales = {k: float(v) for k, v in data["scales"].items()}
        self.block_re = re.compile("|".join(
            f"(?P<{market}>{patterns.phrase_regex(words).pattern})" for market, words in data["blocks"].items()),
            re.IGNORECASE)
        self.minus_purchase = re.compile(data["minus_means_purchase"], re.IGNORECASE)
        self.columns = {w.lower(): inst for inst, words in data["columns"].items() for w in words}
        name = patterns.phrase_regex(list(self.columns)).pattern
        self.header_re = re.compile(rf"(?:{name})(?:[ \t|,]+(?:{name}))*", re.IGNORECASE)
        self.name_re = re.compile(name, re.IGNORECASE)
        self.label = patterns.compile_pattern(data["label"], patterns_dir)
        self.cell = re.compile(data["cell"])
        self.block_end = re.compile(data["block_end"], re.IGNORECASE)

    def _blocks(self, text: str):
        """(market, start, end) of each table block: from its title to the next title or note."""
        titles = [m for m in self.block_re.finditer(text) if _at_title(text, m.start())]
        for k, m in enumerate(titles):
            end = titles[k + 1].start() if k + 1 < len(titles) else len(text)
            stop = self.block_end.search(text, m.end(), end)
            yield m.lastgroup, m.start(), m.end(), stop.start() if stop else end

    def find(self, doc: Doc) -> list[tuple[AmountMention, FlowMention]]:
        text = doc_text(doc)  # built once per Doc, shared by the components
        published: date | None = doc._.published
        found: list[tuple[AmountMention, FlowMention]] = []
        for market, title_start, title_end, end in self._blocks(text):
            before = text[max(0, title_start - 400) : title_start]
            scales = list(self.scale.finditer(before)) or list(self.scale.finditer(text, 0, title_start))
            scale = self.scales[re.sub(r"\s+", " ", scales[-1]["scale"].lower())] if scales else self.scales["billion"]
            header = self.header_re.search(text, title_end, end)
            if header is None:
                continue
            minus_purchase = bool(self.minus_purchase.search(text, title_end, header.start() + 1))
            columns = [self.columns[n.group(0).lower()] for n in self.name_re.finditer(header.group(0))]
            pos = header.end()
            while pos < end:
                pos = _GAP.match(text, pos).end()
                if (again := self.header_re.match(text, pos)) and again.end() <= end:  # a repeated header
                    columns = [self.columns[n.group(0).lower()] for n in self.name_re.finditer(again.group(0))]
                    pos = again.end()
                    continue
                label = self.label.match(text, pos)
                if label is None or label.end() > end:
                    break
                period = _week(label, published, doc)
                pos = label.end()
                for instrument in columns:
                    at = _GAP.match(text, pos).end()
                    cell = self.cell.match(text, at)
                    if cell is None or cell.end() > end:
                        break
                    pos = cell.end()
                    found.append(self._claim(doc, cell, scale, market, instrument, minus_purchase, period))
        return found

    def _claim(self, doc: Doc, cell: re.Match[str], scale: float, market: str, instrument: str,
               minus_purchase: bool, period: PeriodMention) -> tuple[AmountMention, FlowMention]:
        value = float(cell["num"].replace(",", "")) * scale
        negative = cell["sign"] in ("-", "−") or bool(cell["paren"])
        buying = negative == minus_purchase
        c0, c1 = cell.span()
        amount = AmountMention(c0, c1, cell.group(0), sent_index(doc, c0), value=-value if negative else value,
                               currency="JPY", currency_explicit=True, precision=_precision(cell["num"], scale),
                               signed=True, role="flow")
        words = period.text
        flow = FlowMention(c0, c1, cell.group(0), amount.sent, amount=amount, actor=None, market=market,
                           instrument=instrument, direction="net_purchase" if buying else "net_sale",
                           period=period, data_source="mof_weekly",
                           notes=["revised figure ('r')"] if cell["rev"] else [],
                           readings={"period": ("stated", words), "direction": ("stated", cell.group(0)),
                                     "market": ("stated", "table block title"),
                                     "instrument": ("stated", "table column header")})
        return amount, flow

    def __call__(self, doc: Doc) -> Doc:
        amounts = doc._.fc_amounts if doc._.fc_amounts is not None else []
        flows = doc._.fc_flows if doc._.fc_flows is not None else []
        # a cell that repeats a figure the prose already stated is the same claim
        stated = {_key(f, f.amount.value) for f in flows}
        for amount, flow in self.find(doc):
            if _key(flow, amount.value) in stated:
                amount.role = "repeat"
                continue
            amounts.append(amount)
            flows.append(flow)
        doc._.fc_amounts, doc._.fc_flows = amounts, sorted(flows, key=lambda f: f.start_char)
        return doc


def _key(flow: FlowMention, value: float) -> tuple:
    return (flow.market, flow.instrument, flow.direction, round(abs(value) / 1e8),
            flow.period.end if flow.period else None)


def _at_title(text: str, start: int) -> bool:
    """A block title starts a line or follows a table part, not the middle of a prose sentence:
    its letters are upper case ("FOREIGN INVESTMENT IN JAPAN") or it opens a line."""
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip() or text[start : start + 12].isupper()


def _week(label: re.Match[str], published: date | None, doc: Doc) -> PeriodMention:
    """The MoF week a row label names ("Jul 24-Jul 30", "Aug 28-Sep 3"), by its last day."""
    groups = {k: v for k, v in label.groupdict().items() if v}
    month = month_number(groups.get("month2") or groups.get("month"))
    day = day_number(groups.get("day2"))
    mention = PeriodMention(label.start(), label.end(), label.group(0), sent_index(doc, label.start()),
                            label="table_week", granularity="week", month=month, day=day)
    if month and day and published is not None:
        year = mcal.past_year_for(month, day, published)
        with contextlib.suppress(ValueError):  # "Feb 30" in a garbled row: the week stays unknown
            mention.start, mention.end = mcal.week_containing(date(year, month, day))
    return mention


def _precision(number: str, scale: float) -> float:
    decimals = len(number.split(".")[1]) if "." in number else 0
    return scale * 10 ** (-decimals)


@Language.factory(
    "flowcheck_tables",
    default_config={"patterns_dir": "", "patterns_file": "tables.json"},
    requires=["doc.sents", "doc._.fc_amounts", "doc._.fc_flows"],
    assigns=["doc._.fc_amounts", "doc._.fc_flows"],
)
def make_tables(nlp: Language, name: str, patterns_dir: str, patterns_file: str) -> Tables:
    return Tables(patterns_dir, patterns_file)
