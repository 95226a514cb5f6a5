"""``trappa calc``: the resource calculator on a persona, a package file or a digital zone case."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from models.errors import TrappaError
from scenarios.vocabulary import REPORT_LANGUAGES


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the ``calc`` command."""
    p = sub.add_parser("calc", help="resource calculator: cost a persona or a package file",
                       description="Cost a persona's pathways (--persona johs) or a planner's "
                                   "package file (up to three alternatives side by side).")
    p.add_argument("file", nargs="?", type=Path,
                   help="package file (TOML), see docs/package-file.md")
    p.add_argument("--persona", help="cost a persona's pathways, e.g. 'johs'")
    p.add_argument("--zone", type=Path, metavar="CASE.toml",
                   help="cost a digital home-care zone case "
                        "(models/examples/digital_zone_case1.toml)")
    p.add_argument("--municipality", default=None,
                   help="municipality data (shipped name or folder); default: the file's "
                        "or faerder")
    p.add_argument("--persons", type=float, default=None,
                   help="persons to scale the persona to (default: the dementia prevalence, 684)")
    p.add_argument("--divisor-years", type=float, default=None,
                   help="years the pathway is spread over when scaling (default: parameter file)")
    p.add_argument("--list-services", action="store_true", help="list the unit-price catalogue")
    p.add_argument("--json", action="store_true", help="machine-readable JSON on stdout")
    p.add_argument("--lang", choices=REPORT_LANGUAGES, default=REPORT_LANGUAGES[0],
                   help="label language: nb (bokmål), en, nn (nynorsk)")
    p.set_defaults(func=_cmd_calc)


def _cmd_calc(args: argparse.Namespace) -> int:
    from models.calculator import Staffing, compare_alternatives, persona_table, scale_to_population
    from models.digital_zone import load_zone_case, zone_result
    from models.municipality import load_municipality, resolve_municipality
    from models.package_file import load_package_file, read_package_file
    from results import calc_view
    from results.formatting import number
    from results.labels import label

    chosen = [x for x in (args.file, args.persona, args.zone) if x]
    if len(chosen) != 1 and not args.list_services:
        raise TrappaError("calc: give exactly one of FILE, --persona NAME or --zone CASE.toml")
    # --municipality through the commands' one resolver (a folder with or without "/")
    municipality = resolve_municipality(args.municipality) if args.municipality else None
    if args.file and municipality is None:
        municipality = read_package_file(args.file).municipality
    m = load_municipality(municipality or "faerder")
    staffing = Staffing.from_parameters(m.parameters)

    if args.list_services:
        rows = [{"service": s.service, "name": s.name(args.lang), "trinn": s.trinn,
                 "unit": s.unit.value, "price_nok": s.price_nok, "price_year": s.price_year,
                 "staff_hours_per_unit": round(s.staff_hours_per_unit, 4)} for s in m.catalogue]
        if args.json:
            print(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            for r in rows:
                price = number(r["price_nok"], 2, args.lang)
                unit = label(f"pu_one.{r['unit']}", args.lang)
                print(f"{r['service']:32} {r['trinn']:>2}  {price:>12} {unit:<16} "
                      f"{r['price_year']}  {r['name']}")
        return 0

    if args.persona:
        pathways = m.persona(args.persona)
        tables = {name: persona_table(p, m.packages, m.catalogue, staffing)
                  for name, p in pathways.items()}
        persons = args.persons if args.persons is not None else m.parameters[
            "dementia_prevalence_2024"]
        divisor = args.divisor_years if args.divisor_years is not None else m.parameters[
            "persona_scaling_divisor_years"]
        if persons < 0 or divisor <= 0:
            raise TrappaError("calc: --persons must be >= 0 and --divisor-years > 0")
        scaling = scale_to_population(tables, persons, divisor)
        if args.json:
            print(json.dumps(calc_view.persona_dict(tables, scaling), ensure_ascii=False, indent=2))
        else:
            calc_view.print_renderable(calc_view.persona_renderable(tables, scaling, args.lang))
        return 0

    if args.zone:
        case = load_zone_case(args.zone)
        res = zone_result(case.bands, case.system_cost_nok, m.parameters["home_care_cost_per_fte"])
        out = {"name": case.name, "source": case.source,
               "traditional_cost_nok": res.traditional_cost_nok,
               "digital_staffing_nok": res.digital_staffing_nok,
               "digital_running_nok": res.digital_running_nok,
               "system_cost_nok": res.system_cost_nok, "net_nok": res.net_nok,
               "hours_moved_per_week": res.hours_moved_per_week,
               "fte_freed": round(res.fte_freed, 2),
               "fte_method": "(traditional cost - digital staffing cost) / home-care cost per "
                             f"FTE ({number(res.cost_per_fte_nok, 0, 'en')} NOK, "
                             "parameters.toml)"}
        if args.json:
            print(json.dumps(out, ensure_ascii=False, indent=2))
        else:
            calc_view.print_renderable(calc_view.zone_renderable(case.name, case.source, res,
                                                                 args.lang))
        return 0

    pf = load_package_file(args.file, m.catalogue)
    costs = compare_alternatives(pf.alternatives, m.catalogue, staffing)
    if args.json:
        print(json.dumps(calc_view.package_dict(pf.title, costs, m.catalogue),
                         ensure_ascii=False, indent=2))
    else:
        calc_view.print_renderable(calc_view.package_renderable(pf.title, costs, m.catalogue,
                                                                args.lang))
    return 0
