"""``trappa municipality import|show``: a municipality folder from Statistics Norway's files
(docs/municipalities.md). Registered by ``runners.cli`` with `register`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from models.errors import TrappaError

if TYPE_CHECKING:
    from models.importer import ImportResult


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the ``municipality`` command with its ``import`` and ``show`` subcommands."""
    p = sub.add_parser("municipality", help="import a municipality from SSB files, or show one",
                       description="Write a municipality folder from Statistics Norway's "
                                   "population projection (table 14288), estimating and "
                                   "labelling what is not given; or show what a folder holds.")
    inner = p.add_subparsers(dest="municipality_command", required=True,
                             parser_class=type(p))
    imp = inner.add_parser(
        "import", help="write a municipality folder from SSB files",
        description="Read the SSB projection (JSON-stat 2.0, the StatBank CSV download or a "
                    "labelled CSV), check it, and write DIR in the format of "
                    "models/data/faerder/. Nothing is written if anything is wrong; an existing "
                    "non-empty DIR is refused.")
    imp.add_argument("--kommune", required=True, metavar="NNNN", nargs="+",
                     help="municipality number (old numbers map to today's, e.g. 3811 -> "
                          "3911); several (4001 4003 or 4001,4003), 'all' (every municipality "
                          "in the file) or 'all:NN' (those of county NN) write one folder "
                          "each below --out, named after the municipality")
    imp.add_argument("--projection", required=True, type=Path, metavar="FILE",
                     help="SSB table 14288 (or a successor): every alternative in it is kept")
    imp.add_argument("--population", type=Path, metavar="FILE",
                     help="SSB table 07459 (registered population): replaces the base year")
    imp.add_argument("--staircase", type=Path, metavar="FILE",
                     help="the 2024 staircase from the accounts (template: "
                          "docs/municipalities.md); trinn left out are estimated")
    imp.add_argument("--dementia", type=float, metavar="N",
                     help="people with dementia in 2024 (default: estimated by HUNT4)")
    imp.add_argument("--care-fte", type=float, metavar="N",
                     help="FTE (årsverk) in pleie og omsorg (default: estimated from the cost)")
    imp.add_argument("--share-80plus-without-care", type=float, metavar="X",
                     help="share of inhabitants 80+ with no care service (default: Færder's)")
    imp.add_argument("--kostra", type=Path, nargs="+", metavar="FILE",
                     help="SSB KOSTRA files: key figures 12209 and/or the accounts by function "
                          "12362/12367 (JSON-stat 2.0 or StatBank CSV): the municipality's own "
                          "coverage, cost and FTE instead of Færder's (docs/kostra.md)")
    imp.add_argument("--name", help="the municipality's name (default: SSB's)")
    imp.add_argument("--out", required=True, type=Path, metavar="DIR",
                     help="the folder to write (new or empty)")
    imp.set_defaults(func=cmd_import)
    fetch = inner.add_parser(
        "fetch", help="fetch a municipality's SSB tables from the API and import them",
        description="Fetch the projection (14288, all alternatives), the registered "
                    "population (07459) and the KOSTRA tables (12209, 12362) of one "
                    "municipality from SSB's PxWebApi v2, cache the raw responses in the user "
                    "cache folder ($XDG_CACHE_HOME/trappa/ssb) and write DIR as 'municipality "
                    "import' would from the same files. Nothing is written if any response is "
                    "missing.")
    fetch.add_argument("kommune", metavar="NNNN", nargs="+",
                       help="municipality number; several, or 'all:NN' (the municipalities "
                            "of county NN), write one folder each below --out")
    fetch.add_argument("--out", required=True, type=Path, metavar="DIR",
                       help="the folder to write (new or empty)")
    fetch.add_argument("--offline", action="store_true",
                       help="read only the cache: no network")
    fetch.add_argument("--year", type=int, default=2024,
                       help="the year of the registered population and KOSTRA (default 2024)")
    fetch.add_argument("--cache", type=Path, metavar="DIR", default=None,
                       help="the cache folder (default: $XDG_CACHE_HOME/trappa/ssb)")
    fetch.add_argument("--name", help="the municipality's name (default: SSB's)")
    fetch.set_defaults(func=cmd_fetch)
    show = inner.add_parser("show", help="print what a municipality folder holds",
                            description="Load a municipality folder and print its population, "
                                        "staircase and parameters, marking what was estimated.")
    show.add_argument("folder", type=Path, metavar="DIR")
    show.set_defaults(func=cmd_show)


def cmd_import(args: argparse.Namespace) -> int:
    """Handle ``municipality import``."""
    from models.importer import import_municipality

    def one(kommune: str, out: Path) -> ImportResult:
        return import_municipality(
            kommune, args.projection, out, population=args.population,
            staircase=args.staircase, dementia=args.dementia, care_fte=args.care_fte,
            share_80plus_without_care=args.share_80plus_without_care, name=args.name,
            kostra=args.kostra)

    if _many(args.kommune):
        from models.importer.many import expand_kommuner, import_many
        from models.importer.writer import check_input_file
        from models.ssb.readers import read_ssb_file

        _refuse_per_municipality_options(args)
        check_input_file(args.projection, "--projection")
        regions = list(dict.fromkeys(read_ssb_file(args.projection).frame["region"]))
        for result in import_many(expand_kommuner(args.kommune, regions), args.out, one):
            _print_result(result)
        return 0
    _print_result(one(args.kommune[0], args.out))
    return 0


def _many(kommune: list[str]) -> bool:
    return len(kommune) > 1 or any("," in k or k.casefold().startswith("all")
                                   for k in kommune)


def _refuse_per_municipality_options(args: argparse.Namespace) -> None:
    """Options that hold one municipality's figures cannot go with several."""
    for option in ("name", "staircase", "dementia", "care_fte", "share_80plus_without_care"):
        if getattr(args, option, None) is not None:
            flag = "--" + option.replace("_", "-")
            raise TrappaError(f"{flag} holds one municipality's figure: import several "
                              "municipalities without it, or one at a time")


def _print_result(result: ImportResult) -> None:
    from results.formatting import number

    print(f"{result.name} ({result.kommune}): {number(result.population_2024, 0, 'en')} "
          "inhabitants in 2024, "
          f"projection alternatives {', '.join(result.alternatives)} -> {result.out}")
    if result.estimated:
        print("estimated (labelled in the files; replace with the municipality's own figures):")
        for e in result.estimated:
            print(f"  - {e}")


def cmd_fetch(args: argparse.Namespace) -> int:
    """Handle ``municipality fetch``."""
    from models.importer.fetch import fetch_municipality

    def one(kommune: str, out: Path) -> ImportResult:
        return fetch_municipality(kommune, out, offline=args.offline, cache=args.cache,
                                  year=args.year, name=args.name)

    if _many(args.kommune):
        from models.importer.many import expand_kommuner, import_many

        _refuse_per_municipality_options(args)
        for result in import_many(expand_kommuner(args.kommune), args.out, one):
            _print_result(result)
        return 0
    _print_result(one(args.kommune[0], args.out))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    """Handle ``municipality show``."""
    from models.importer import describe

    print("\n".join(describe(args.folder)))
    return 0
