from __future__ import annotations

import json

from extractor.claims.model import SCHEMA_VERSION, AuditReport


def test_json_round_trip_keeps_kinds_and_fields(seed_report):
    data = json.loads(seed_report.model_dump_json())
    assert data["schema_version"] == SCHEMA_VERSION
    flow = next(c for c in data["claims"] if c["kind"] == "flow")
    for field in ("market", "instrument", "direction", "amount_jpy", "period_start", "period_end", "text",
                  "char_start", "char_end", "sources", "verdict", "official", "explanation"):
        assert field in flow
    again = AuditReport.model_validate(data)
    assert [c.kind for c in again.claims] == [c.kind for c in seed_report.claims]


def test_schema_documents_every_kind():
    schema = json.dumps(AuditReport.model_json_schema())
    for kind in ("flow", "conversion", "streak", "comparison", "market_move", "forecast", "statistic"):
        assert f'"{kind}"' in schema


def test_ids_follow_reading_order_and_links_resolve(seed_report):
    ids = [c.id for c in seed_report.claims]
    assert ids == [f"c{i}" for i in range(1, len(ids) + 1)]
    for c in seed_report.claims:
        assert all(r in ids for r in c.related)


def test_the_documented_schema_is_the_one_the_code_emits():
    from pathlib import Path

    documented = json.loads((Path(__file__).resolve().parents[2] / "docs" / "audit-report.schema.json").read_text())
    assert documented == AuditReport.model_json_schema(), "run: flowcheck schema > docs/audit-report.schema.json"
