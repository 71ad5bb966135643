"""Command line: `python -m build_tools <command>`.

validate   check every data file; print `path:line:col: CODE message` lines; exit 1 on error
paths      rewrite the committed path catalogue (one text file per tree)
schemas    rewrite the committed JSON Schema files from the models
export     write kb.json to a folder
urls       compare the site's pages with published-urls.txt; --update adds the new ones
offline    build the offline copy (site/downloads/offline.zip) from the sources
pdf        write the PDF handbook and one PDF per tree (site/downloads/ by default)
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .diagnostics import errors_only
from .knowledge_base import Layout, load_and_validate

ROOT = Path(__file__).resolve().parent.parent


def _report(diagnostics) -> int:
    for d in diagnostics:
        print(d, file=sys.stderr)
    errors = errors_only(diagnostics)
    if errors:
        print(f"{len(errors)} error(s); nothing was built.", file=sys.stderr)
        return 1
    return 0


def cmd_validate(args) -> int:
    from .clinic import load_clinic

    kb, diagnostics = load_and_validate(Layout(args.root))
    clinic_path = args.clinic or os.environ.get("KB_CLINIC_FILE")
    if clinic_path:  # the clinic edition's file is checked like the rest of the data
        _, clinic_problems = load_clinic(Path(clinic_path), args.root)
        diagnostics = sorted(set(diagnostics) | set(clinic_problems))
    status = _report(diagnostics)
    if status == 0:
        print(f"OK: {len(kb.principles)} principles, {len(kb.trees)} trees, "
              f"{sum(len(t.nodes) for t in kb.trees.values())} nodes, {len(kb.sources)} sources, "
              f"{len(kb.glossary)} glossary terms, {len(kb.cases)} worked cases")
    return status


def cmd_paths(args) -> int:
    from .path_catalogue import write_catalogue

    kb, diagnostics = load_and_validate(Layout(args.root))
    if _report(diagnostics):
        return 1
    for path in write_catalogue(kb, args.root / "decision_trees" / "paths"):
        print(f"wrote {path.relative_to(args.root)}")
    return 0


def cmd_schemas(args) -> int:
    from .schema_export import write_schemas

    for path in write_schemas(args.root / "schemas"):
        print(f"wrote {path.relative_to(args.root)}")
    return 0


def cmd_export(args) -> int:
    from .export_json import write_export

    kb, diagnostics = load_and_validate(Layout(args.root))
    if _report(diagnostics):
        return 1
    path = write_export(kb, Path(args.out))
    print(f"wrote {path}")
    return 0


def cmd_urls(args) -> int:
    from .render_pages import SiteRenderer
    from .url_manifest import MANIFEST, check_urls, update_manifest

    kb, diagnostics = load_and_validate(Layout(args.root))
    if _report(diagnostics):
        return 1
    pages = SiteRenderer(kb, cache_dir=args.root / ".cache" / "flowcharts").render_all()
    check = check_urls(args.root, [p.url for p in pages])
    for problem in check.problems:
        print(problem, file=sys.stderr)
    if args.update:
        added = update_manifest(args.root, check)
        for url in added:
            print(f"added {url}")
        print(f"{MANIFEST}: {len(check.published) + len(added)} URLs, {len(added)} new")
    elif check.unlisted:
        for url in check.unlisted:
            print(f"{url} is not yet in {MANIFEST}", file=sys.stderr)
        print(f"{len(check.unlisted)} new URL(s): run `make urls` "
              "(python -m build_tools urls --update) and commit the manifest.", file=sys.stderr)
        return 1
    else:
        print(f"OK: {len(check.published)} published URLs, {len(check.redirects)} redirects")
    return 1 if check.problems else 0


def cmd_offline(args) -> int:
    from .offline_bundle import OfflineBuildError, make_offline_zip

    try:
        out = make_offline_zip(args.root, Path(args.site).resolve(),
                               Path(args.out).resolve() if args.out else None)
    except OfflineBuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"wrote {out}")
    return 0


def cmd_pdf(args) -> int:
    from .clinic import load_clinic
    from .pdf_render import write_pdfs

    kb, diagnostics = load_and_validate(Layout(args.root))
    clinic_path = args.clinic or os.environ.get("KB_CLINIC_FILE")
    clinic, clinic_problems = load_clinic(Path(clinic_path) if clinic_path else None, args.root)
    if _report(sorted(set(diagnostics) | set(clinic_problems))):
        return 1
    trees = [] if args.no_trees else (args.tree or None)
    try:
        report = write_pdfs(kb, Path(args.out).resolve(), tree_ids=trees,
                            handbook=not args.no_handbook, clinic=clinic,
                            workers=args.workers, progress=print,
                            cache_dir=args.root / ".cache" / "flowcharts",
                            pdf_cache=None if args.no_cache else args.root / ".cache" / "pdf")
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="project root (default: this repo)")
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check every data file")
    validate.add_argument("--clinic", help="also check this clinic file (default: $KB_CLINIC_FILE)")
    validate.set_defaults(func=cmd_validate)
    sub.add_parser("paths", help="rewrite the path catalogue").set_defaults(func=cmd_paths)
    sub.add_parser("schemas", help="rewrite the JSON Schema files").set_defaults(func=cmd_schemas)
    export = sub.add_parser("export", help="write kb.json")
    export.add_argument("--out", default="site", help="output folder (default: site)")
    export.set_defaults(func=cmd_export)
    urls = sub.add_parser("urls", help="check the published-URL manifest")
    urls.add_argument("--update", action="store_true", help="add this build's new URLs to it")
    urls.set_defaults(func=cmd_urls)
    offline = sub.add_parser("offline", help="build the offline copy as a zip")
    offline.add_argument("--site", default="site",
                         help="the built site, whose downloads/ holds the PDFs (default: site)")
    offline.add_argument("--out", help="zip file (default: SITE/downloads/offline.zip)")
    offline.set_defaults(func=cmd_offline)
    pdf = sub.add_parser("pdf", help="write the PDF handbook and one PDF per tree")
    pdf.add_argument("--out", default="site/downloads",
                     help="output folder (default: site/downloads)")
    pdf.add_argument("--tree", action="append", metavar="ID",
                     help="only this tree's PDF (repeat for more; default: every tree)")
    pdf.add_argument("--no-trees", action="store_true", help="no per-tree PDFs")
    pdf.add_argument("--no-handbook", action="store_true", help="no handbook.pdf")
    pdf.add_argument("--clinic", metavar="FILE",
                     help="clinic edition: print this clinic's details (default: $KB_CLINIC_FILE)")
    pdf.add_argument("--workers", type=int, default=2, choices=(1, 2),
                     help="processes rendering at once (default: 2)")
    pdf.add_argument("--no-cache", action="store_true",
                     help="render every PDF, even if an identical one is in .cache/pdf")
    pdf.set_defaults(func=cmd_pdf)
    args = parser.parse_args(argv)
    args.root = args.root.resolve()
    return args.func(args)
