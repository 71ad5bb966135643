"""Reproducible builds: the same commit gives the same files.

Generators that write a date (MkDocs's sitemap and the mtime inside sitemap.xml.gz, the
offline zip's timestamps) read SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/
source-date-epoch/). When it is not set, the build sets it to the time of the checked-out
commit, so that two builds of one commit agree whatever the day. Outside a git checkout it
stays unset and those dates are the build's day (docs/guides/hosting.md lists what differs).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def commit_time(root: Path) -> int | None:
    try:
        done = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root,
                              capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    value = done.stdout.strip()
    return int(value) if done.returncode == 0 and value.isdigit() else None


def ensure_source_date_epoch(root: Path) -> str | None:
    """Set SOURCE_DATE_EPOCH from the last commit unless it is set already; returns its value."""
    if not os.environ.get("SOURCE_DATE_EPOCH"):
        stamp = commit_time(root)
        if stamp is None:
            return None
        os.environ["SOURCE_DATE_EPOCH"] = str(stamp)
    return os.environ["SOURCE_DATE_EPOCH"]
