"""Build the bundled snapshots from official files with the project's own parsers.

Run by ``flowcheck data build-snapshot``; the output is committed under
``extractor/official/snapshots/`` so a fresh install can audit offline.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from extractor.official.base import OfficialSource, Vintage, sha256

SNAPSHOT_DIR = Path(__file__).resolve().parent / "snapshots"


def build(sources: dict[OfficialSource, Path | list[Path]], origins: dict[str, str]) -> dict[str, dict]:
    """Parse each official file and write its derived table and the manifest."""
    SNAPSHOT_DIR.mkdir(exist_ok=True)
    manifest_path = SNAPSHOT_DIR / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8")) if manifest_path.exists() else {}
    for source, path in sources.items():
        out_name = f"{source.source_id}.csv"
        if isinstance(path, list):  # a parted source: several official files, one table
            from extractor.official.monthly_sources import build_parted_snapshot

            origin = origins.get(source.source_id) or source.url
            frame, vintage = build_parted_snapshot(source, path, origin)
            source.write_snapshot(frame, SNAPSHOT_DIR / out_name)
            manifest[source.source_id] = {"file": out_name, "vintage": vintage.to_dict()}
            continue
        raw = path.read_bytes()
        frame = source.parse(raw)
        source.write_snapshot(frame, SNAPSHOT_DIR / out_name)
        vintage = Vintage(
            source_id=source.source_id,
            label=source.label_of(raw, datetime.fromtimestamp(path.stat().st_mtime, UTC)),
            origin=origins.get(source.source_id, source.url),
            sha256=sha256(raw),
        )
        manifest[source.source_id] = {"file": out_name, "vintage": vintage.to_dict()}
    manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", "utf-8")
    return manifest
