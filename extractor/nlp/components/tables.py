"""Reuters-style tables of MoF weekly flows, one flow claim per numeric cell:

    Details of net investments were as follows (in billion yen).
    FOREIGN INVESTMENT IN JAPAN: (net)
    stocks bonds bills
    Aug 28-Sep 3 -87.7 +377.2 +201.5
    JAPANESE INVESTMENT ABROAD: (a minus sign indicates net selling …)

The block title gives the market, the header the securities of each column, the legend the
sign convention (minus = net selling unless the legend says it means net buying), and the row
label the week (resolved by the periods component). "r" marks a revised figure.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from extractor.nlp import patterns
from extractor.nlp.mentions import AmountMention, FlowMention, register_extensions
from extractor.nlp.text import sent_index

_SCALES = {"billion": 1e9, "trillion": 1e12, "million": 1e6, "100 million": 1e8}


class Tables:
    def __init__(self, patterns_dir: str, patterns_file: str) -> None:
        register_extensions()
        data = patterns.load(patterns_dir, patterns_file)
        self.scale = re.compile(data["scale"], re.IGNORECASE)
        self.blocks = [(market, patterns.phrase_regex(words)) for market, words in data["blocks"].items()]
        self.minus_purchase = re.compile(data["minus_means_purchase"], re.IGNORECASE)
        self.columns = {w.lower(): inst for inst, words in data["columns"].items() for w in words}
        self.column_re = patterns.phrase_regex(list(self.columns))
        self.row = patterns.compile_pattern(data["row"], patterns_dir)
        self.cell = re.compile(data["cell"])

    def _header(self, line: str) -> list[str] | None:
        """Column securities if the line is nothing but column names."""
        names = [m.group(0).lower() for m in self.column_re.finditer(line)]
        rest = self.column_re.sub("", line).strip(" \t|,;:")
        return [self.columns[n] for n in names] if names and not rest else None

    def find(self, doc: Doc) -> list[tuple[AmountMention, FlowMention]]:
        text = doc.text
        periods = {p.start_char: p for p in doc._.fc_periods or [] if p.label == "table_week"}
        scale, market, minus_purchase, columns = 1e9, None, False, None
        found: list[tuple[AmountMention, FlowMention]] = []
        offset = 0
        lines = text.splitlines(keepends=True)
        for n, line in enumerate(lines):
            start = offset
            offset += len(line)
            stripped = line.strip()
            if not stripped:
                continue
            if m := self.scale.search(stripped):
                scale = _SCALES[re.sub(r"\s+", " ", m["scale"].lower())]
            block = next((mk for mk, regex in self.blocks if regex.match(stripped.lower())), None)
            if block is not None:
                market, columns = block, None
                legend = stripped + " " + (lines[n + 1].strip() if n + 1 < len(lines) else "")
                minus_purchase = bool(self.minus_purchase.search(legend))
                continue
            if (header := self._header(stripped)) is not None:
                columns = header
                continue
            row = self.row.match(line.rstrip("\r\n"))
            if not (row and columns and market):
                continue
            label_start = start + row.start("label")
            period = periods.get(label_start) or next(
                (p for s, p in periods.items() if label_start <= s < start + row.end("label")), None)
            cells_at = start + row.start("cells")
            for k, cell in enumerate(self.cell.finditer(row["cells"])):
                if k >= len(columns):
                    break
                value = float(cell["num"].replace(",", "")) * scale
                negative = cell["sign"] in ("-", "−") or bool(cell["paren"])
                buying = (negative == minus_purchase)
                c0, c1 = cells_at + cell.start(), cells_at + cell.end()
                amount = AmountMention(c0, c1, cell.group(0), sent_index(doc, c0), value=-value if negative else value,
                                       currency="JPY", currency_explicit=True, precision=_precision(cell["num"], scale),
                                       signed=True, role="flow")
                flow = FlowMention(c0, c1, cell.group(0), amount.sent, amount=-1, actor=None, market=market,
                                   instrument=columns[k], direction="net_purchase" if buying else "net_sale",
                                   period=period, data_source="mof_weekly",
                                   notes=["revised figure ('r')"] if cell["rev"] else [])
                found.append((amount, flow))
        return found

    def __call__(self, doc: Doc) -> Doc:
        amounts = doc._.fc_amounts if doc._.fc_amounts is not None else []
        flows = doc._.fc_flows if doc._.fc_flows is not None else []
        for amount, flow in self.find(doc):
            amounts.append(amount)
            flow.amount = len(amounts) - 1
            flows.append(flow)
        doc._.fc_amounts, doc._.fc_flows = amounts, sorted(flows, key=lambda f: f.start_char)
        return doc


def _precision(number: str, scale: float) -> float:
    decimals = len(number.split(".")[1]) if "." in number else 0
    return scale * 10 ** (-decimals)


@Language.factory("flowcheck_tables", default_config={"patterns_dir": "", "patterns_file": "tables.json"})
def make_tables(nlp: Language, name: str, patterns_dir: str, patterns_file: str) -> Tables:
    return Tables(patterns_dir, patterns_file)
