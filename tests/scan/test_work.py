"""A scan worker's memory does not grow with the words it meets."""

from __future__ import annotations

import json

from extractor.scan.sources import plan
from extractor.scan.work import Scanner, ScanOptions


def test_a_worker_forgets_each_partitions_new_words_and_keeps_its_findings(tmp_path, nlp):
    path = tmp_path / "novel.jsonl"
    lines = [json.dumps({"url": f"https://n.example/{k}", "published": "2013-04-25",
                         "text": f"Japanese investors sold a net 86{k}.6 billion yen of foreign bonds last week, "
                                 f"said Makoto Noji, strategist at Zantrofu{k}x Securities."}) for k in range(6)]
    path.write_text("\n".join(lines) + "\n")
    scanner = Scanner(ScanOptions(reconcile=False, prefilter=False))
    before = len(scanner.nlp.vocab.strings)
    results = [scanner.run(part) for part in plan([str(path)], 2)]
    assert len(scanner.nlp.vocab.strings) == before  # "Zantrofu0x", "860.6" … are not kept
    reports = [json.loads(a.report_json) for r in results for a in r.articles]
    assert [c["mention"] for r in reports for c in r["claims"] if c["kind"] == "flow"] == [
        f"86{k}.6 billion yen" for k in range(6)]
    assert [next(s["affiliation"] for s in r["sources"] if s["name"] == "Makoto Noji") for r in reports] == [
        f"Zantrofu{k}x Securities" for k in range(6)]
