"""Reproducible build: two builds of the same sources give the same files, byte for byte.

A second build into another folder is compared with the session's build, file by file. What
may differ is listed in ALLOWED with its reason; docs/guides/hosting.md ("Reproducible builds")
lists the same for editors. The offline zip's own reproducibility (sorted entries, fixed dates)
is tested in test_intranet_offline_bundle.py.
"""

from __future__ import annotations

import hashlib
import os

from conftest import ROOT, mkdocs_build

# path (relative to the site) -> why it cannot be the same in two builds. Keep this list in
# step with the "Reproducible builds" section of docs/guides/hosting.md.
ALLOWED: dict[str, str] = {}


def _digests(site) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_give_identical_files(built_site, tmp_path):
    second = tmp_path / "site"
    done = mkdocs_build(ROOT, second)
    assert done.returncode == 0, done.stderr[-3000:]
    first, again = _digests(built_site), _digests(second)
    # Files other tests add to the first build's folder are not the build's own.
    first = {k: v for k, v in first.items() if not k.startswith("downloads/offline.zip")}
    assert sorted(set(first) ^ set(again)) == [], "files in only one of the two builds"
    differ = sorted(k for k in first if first[k] != again[k] and k not in ALLOWED)
    assert differ == [], ("files that differ between two builds of the same sources (make them "
                          "reproducible, or add them to ALLOWED with the reason):\n  "
                          + "\n  ".join(differ[:40]))
    assert len(first) > 250


def test_the_build_dates_follow_the_commit_not_the_clock(built_site):
    """SOURCE_DATE_EPOCH is set from the last commit when the caller has not set it, so the
    sitemap's dates and the gzip header of sitemap.xml.gz do not change from day to day."""
    import datetime as dt
    import gzip

    from build_tools.reproducible import commit_time

    stamp = int(os.environ.get("SOURCE_DATE_EPOCH") or commit_time(ROOT) or 0)
    if not stamp:
        return  # not a git checkout: documented as a difference in docs/guides/hosting.md
    day = dt.datetime.fromtimestamp(stamp, dt.timezone.utc).date()
    midnight = int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp())
    sitemap = (built_site / "sitemap.xml").read_text()
    if "<url>" in sitemap:  # MkDocs lists pages only when site_url is set
        assert f"<lastmod>{day.isoformat()}</lastmod>" in sitemap
    with open(built_site / "sitemap.xml.gz", "rb") as f:
        header = f.read(10)
    assert int.from_bytes(header[4:8], "little") == midnight  # the date of the newest page
    assert gzip.decompress((built_site / "sitemap.xml.gz").read_bytes()).decode() == sitemap
