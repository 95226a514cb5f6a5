"""Several municipalities at once (issue 29): ``--kommune`` lists and ``all``."""

from __future__ import annotations

import pytest

from models.errors import TrappaError
from models.importer import import_municipality
from models.importer.many import expand_kommuner, folder_name
from runners.cli import main
from tests.models.kostra_fixtures import accounts_jsonstat, key_figures_jsonstat, write
from tests.models.ssb_fixtures import SHIPPED

#: Telemark's 17 municipalities (the shipped file's README, /work/shared/data/ssb/README.md).
TELEMARK = ["4001", "4003", "4005", "4010", "4012", "4014", "4016", "4018", "4020", "4022",
            "4024", "4026", "4028", "4030", "4032", "4034", "4036"]


def test_folder_names():
    assert [folder_name(n) for n in ("Færder", "Midt-Telemark", "Kragerø", "Bø i Telemark")] \
        == ["faerder", "midt-telemark", "kragero", "bo-i-telemark"]


def test_expand_lists_and_all():
    file_regions = ["0", "40", *TELEMARK]
    assert expand_kommuner(["4001,4003", "4026", "4001"]) == ["4001", "4003", "4026"]
    assert expand_kommuner(["3806"]) == ["4001"]          # old number -> today's
    assert expand_kommuner(["all"], file_regions) == TELEMARK
    assert expand_kommuner(["all:40"]) == TELEMARK        # regions.csv
    with pytest.raises(TrappaError, match="give a county"):
        expand_kommuner(["all"])


def test_import_a_list_writes_one_folder_each_equal_to_single_imports(tmp_path, capsys):
    key = write(tmp_path / "12209.json", key_figures_jsonstat(["4026", "4010"]))
    acc = write(tmp_path / "12362.json", accounts_jsonstat(["4026", "4010"]))
    status = main(["municipality", "import", "--kommune", "4026,4010", "--projection",
                   str(SHIPPED), "--kostra", str(key), str(acc), "--out",
                   str(tmp_path / "county")])
    assert status == 0, capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "county").iterdir()) == ["siljan", "tinn"]
    import_municipality("4026", SHIPPED, tmp_path / "tinn-alone", kostra=[key, acc])
    for f in ("trinn.csv", "population.csv", "parameters.toml", "targets.toml"):
        a = (tmp_path / "county" / "tinn" / f).read_text(encoding="utf-8")
        b = (tmp_path / "tinn-alone" / f).read_text(encoding="utf-8")
        assert a == b


def test_a_failing_municipality_leaves_nothing(tmp_path, capsys):
    (tmp_path / "county").mkdir()
    (tmp_path / "county" / "mine.txt").write_text("user's file")
    status = main(["municipality", "import", "--kommune", "4026", "4099", "--projection",
                   str(SHIPPED), "--out", str(tmp_path / "county")])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2
    assert len(err) == 1
    assert "region 4099 is not in the file" in err[0]
    assert sorted(p.name for p in (tmp_path / "county").iterdir()) == ["mine.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["county"]


def test_one_municipalitys_options_are_refused_with_several(tmp_path, capsys):
    status = main(["municipality", "import", "--kommune", "4026,4010", "--projection",
                   str(SHIPPED), "--dementia", "100", "--out", str(tmp_path / "c")])
    assert status == 2
    assert "--dementia holds one municipality's figure" in capsys.readouterr().err
