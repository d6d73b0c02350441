"""Shared fixtures: files written in the test, the CLI runner, the real datasets."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reconcile.cli import app

REPO = Path(__file__).resolve().parents[1]
REALDATA = REPO.parent / "shared" / "realdata"
EXAMPLES = REPO / "data" / "examples"

HEADER = "incident,source,figure,date_start,date_end,victims,perpetrator,place,published\n"

# The gazetteer cache (reconcile.places) goes to a folder of this run, not the user's ~/.cache;
# subprocesses started by the tests inherit it.
os.environ.setdefault("RECONCILE_CACHE_DIR", tempfile.mkdtemp(prefix="reconcile-test-cache-"))


def read_claims(write, name: str, text: str | bytes, **options):
    """(raw, normalised) claims of a file written in the test, read with ``options`` (ReadOptions fields)."""
    from reconcile.actors import load_aliases
    from reconcile.normalise import normalise
    from reconcile.sources import ReadOptions, read_files

    raw = read_files([write(name, text)], [name], ReadOptions(**options))
    return raw, normalise(raw, load_aliases())


def assert_accounted(raw, result, lines: int) -> None:
    """Every input row gave claims or is listed as giving none; every claim was used or rejected."""
    rows = result.rows
    assert rows["read"] == lines
    assert rows["claims"] == rows["used"] + rows["rejected"] == len(raw.rows)
    origins = set(result.claims["origin"]) | set(result.rejected["origin"])
    assert origins.isdisjoint(set(raw.skipped["origin"]))
    assert len(origins) + rows["skipped"] == rows["read"]


_real_files: dict = {}


def load_real_file(realdata: Path, name: str):
    """(raw claims, normalised claims) of one real file, read once per test session."""
    if name not in _real_files:
        from reconcile.actors import load_aliases
        from reconcile.normalise import normalise
        from reconcile.sources import read_files

        raw = read_files([realdata / name], [name])
        _real_files[name] = raw, normalise(raw, load_aliases())
    return _real_files[name]


#: every real file but the place tables: alone, none has a group the matching guard must
#: rebuild; together, four do.
REAL_CLAIM_FILES = [
    "ucdp_ged_syria/ged191_syria.csv", "airwars_syria/incidents.csv",
    "acled_hdx_aggregates/syria_2025_01_admin2.csv",
    *(f"acled_samples/{name}" for name in [
        "acled_syria_2020-05.csv", "acled_afghanistan_2020-03_quoted.csv",
        "acled_africa_2016-07_legacy_schema.csv", "acled_somalia_2025-04_current_schema.csv"]),
    *(f"syria_source_claims_compilation/{name}" for name in [
        "syria_monitor_claims_by_perpetrator.csv", "syria_sohr_vs_snhr_civilians_by_perpetrator.csv",
        "syrian_civil_war.json", "casualty_totals_81_conflicts.csv"]),
]


def every_real_claim(realdata: Path):
    """The normalised claims of every real file at once, their incident labels dropped (every
    claim matched)."""
    import pandas as pd

    claims = [load_real_file(realdata, name)[1].claims for name in REAL_CLAIM_FILES]
    return pd.concat(claims, ignore_index=True).assign(incident="")


def matched_to_compare(kind: str, folder: Path):
    """compare's arguments: claims matched into incidents, no rejected rows and the row counts.
    The claims are 20k synthetic claims over the world (seed 5; ``kind`` "synthetic-world", written
    in ``folder``) or every real file's at once ("real"; skips when ../shared/realdata is absent)."""
    import pandas as pd

    from reconcile.match import match_incidents

    if kind == "real":
        if not REALDATA.is_dir():
            pytest.skip("../shared/realdata is not present")
        claims = every_real_claim(REALDATA)
    else:
        from benchmarks.generate import generate, write_csv
        from reconcile.pipeline import load_claims

        write_csv(generate(20_000, seed=5, places="world"), folder / "world.csv")
        claims = load_claims([folder / "world.csv"])[0].claims
    rows = {"read": len(claims), "used": len(claims), "rejected": 0, "claims": len(claims), "skipped": 0}
    rejected = pd.DataFrame({"origin": pd.Series(dtype=str), "reason": pd.Series(dtype=str)})
    return match_incidents(claims).claims, rejected, rows


def real_rows(path: Path) -> list[dict]:
    """A real file's records (a per-war JSON: those of its published CSV flattening, one per figure)."""
    import csv

    if path.suffix == ".json":
        path = path.with_name(path.stem + "_flat.csv")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def number(text: str) -> float:
    """A numeric cell of a real file; blank is 0."""
    return float(text) if text.strip() else 0.0


def one_line_error(result) -> str:
    """The one line a usage or input error writes (exit 2, nothing on stdout, no traceback)."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    return lines[0]


# Small files of each input format, for tests/test_sources_<format>.py and the detection tests
# (test_sources_formats.py). ACLED-shaped files are synthetic (ACLED's terms forbid copying its data
# into the project); the real files are read in test_realdata.py.

ACLED_CURRENT = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,"
    "inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,"
    "location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp\n"
    "SYR1,2025-03-07,2025,1,Political violence,Violence against civilians,Attack,Military Forces of Syria (2024-),,"
    "State forces,Civilians (Syria),,Civilians,State forces-Civilians,Civilian targeting,760,Middle East,Syria,"
    "Lattakia,Jablah,,Baniyas,35.1,35.9,1,SOHR; SNHR,National,\"On 7 March, 12 civilians were killed.\",12,,1\n"
    "SYR2,2025-03-07,2025,1,Political violence,Battles,Armed clash,Islamic State (Syria),,Rebel group,"
    "QSD: Syrian Democratic Forces,,Rebel group,Rebel group-Rebel group,,760,Middle East,Syria,Deir-ez-Zor,"
    "Deir-ez-Zor,,Hajin,34.7,40.8,2,SOHR,Local,Clashes.,0,,1\n"
    "SYR3,2025-03-08,2025,1,Demonstrations,Protests,Peaceful protest,Protesters (Syria),,Protesters,,,,"
    "Protesters only,,760,Middle East,Syria,Damascus,Damascus,,Damascus,33.5,36.3,1,SANA,National,Protest.,0,,1\n"
    "SYR4,2025-03-08,2025,1,Political violence,Explosions/Remote violence,Remote explosive,"
    "Unidentified Armed Group (Syria),,Unidentified armed group,Civilians (Syria),,Civilians,x,Civilian targeting,"
    "760,Middle East,Syria,Idleb,Idleb,,Idleb,35.9,36.6,1,SOHR,Local,An IED.,3,,1\n"
)

ACLED_2020 = (
    "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,country,admin1,admin2,admin3,location,"
    "latitude,longitude,geo_precision,source,source_scale,notes,fatalities,timestamp,iso3\n"
    "1,760,SYR10,10,9-May-20,2020,1,Violence against civilians,Attack,Military Forces of Syria (2000-),,1,"
    "Civilians (Syria),,7,17,Middle East,Syria,Dar'a,Dar'a,Dar'a,Dar'a,32.6,36.1,1,SOHR,Local,Shooting.,2,1,SYR\n"
    '2,760,SYR11,11,"21 March 2020",2020,1,Battles,Armed clash,"Military Forces of Russia (2000-)",,8,'
    '"HTS: Hayat Tahrir al Sham",,2,28,Middle East,Syria,Idleb,Idleb,Idleb,Kafr Nabl,35.6,36.5,1,"SOHR",'
    'Local,"Clashes, shelling.",5,1,SYR\n'
)

ACLED_2016 = (
    ",actor1,actor2,admin1,admin2,admin3,ally_actor_1,ally_actor_2,country,data_id,event_date,event_id_cnty,"
    "event_id_no_cnty,event_type,fatalities,geo_precision,gwno,inter1,inter2,interaction,latitude,location,"
    "longitude,notes,source,time_precision,year\n"
    "0,Al Shabaab,Civilians (Somalia),Bay,Baydhabo,,,,Somalia,1,2016-07-02,8087RTA,,Remote violence,2,1,520,2,7,"
    "27,3.1,Baidoa,43.6,Mortar attack.,AFP,1,2016\n"
    "1,Protesters (Zambia),,Lusaka,Lusaka,,,,Zambia,2,2016-07-02,8188RTA,,Riots/Protests,0,1,551,6,0,60,"
    "-15.4,Lusaka,28.3,Strike.,Watchdog,1,2016\n"
)

UCDP = (
    "id,year,type_of_violence,side_a,side_b,source_office,adm_1,adm_2,date_start,date_end,"
    "deaths_a,deaths_b,deaths_civilians,deaths_unknown,low,best,high\n"
    "1,2016,1,Government of Syria,IS,SOHR,Aleppo Governorate,Al Bab district,2016-01-01,2016-01-02,3,5,2,0,9,10,14\n"
    "2,2016,3,IS,Civilians,SOHR;SNHR,Raqqa Governorate,,2016-02-01,2016-02-01,0,0,4,0,4,4,4\n"
    "3,2016,2,Jaysh al-Islam,Rahman Corps,SOHR,Rif Dimashq Governorate,,2016-04-30,2016-04-30,2,2,0,0,4,4,4\n"
)

AIRWARS = (
    "airwars_id,incident_code,incident_date,country,location,alleged_belligerent,assessment,strike_type,"
    "civilian_deaths_min,civilian_deaths_max,children_killed_min,children_killed_max,military_killed_min,"
    "military_killed_max,n_sources\n"
    "1,RS1,2021-05-01,Syria,Ariha,\"Russian Military, Iranian Military\",Contested,,3,5,1,2,,,4\n"
    "2,TS2,2022-06-02,Syria,Kobani,Turkish Military,Fair,,2,2,,,1,1,2\n"
    "3,TS3,2022-06-03,Syria,Sarrin,Turkish Military,Weak,,,,,,,,1\n"
    "4,TS4,2022-06-04,Syria,Manbij,Turkish Military,Fair,,4,,,,,,1\n"
)

AIRWARS_BELLIGERENTS = (
    "airwars_id,incident_code,incident_date,belligerent,belligerent_order,n_belligerents,assessment,strike_status,"
    "civilian_deaths_min,civilian_deaths_max\n"
    "1,RS1,2021-05-01,Russian Military,1,2,Contested,,3,5\n"
    "1,RS1,2021-05-01,Iranian Military,2,2,Contested,,3,5\n"
    "2,TS2,2022-06-02,Turkish Military,1,1,Fair,,2,2\n"
)

HDX = (
    "location_code,has_hrp,in_gho,provider_admin1_name,provider_admin2_name,admin1_code,admin1_name,admin2_code,"
    "admin2_name,admin_level,event_type,events,fatalities,reference_period_start,reference_period_end,"
    "dataset_hdx_id,resource_hdx_id,warning,error\n"
    "SYR,Y,Y,Aleppo,Menbij,SY02,Aleppo,SY0203,Menbij,2,civilian_targeting,11,1,2025-01-01,2025-01-31,a,b,,\n"
    "SYR,Y,Y,Aleppo,Menbij,SY02,Aleppo,SY0203,Menbij,2,political_violence,34,63,2025-01-01,2025-01-31,a,b,,\n"
    "SYR,Y,Y,Aleppo,Menbij,SY02,Aleppo,SY0203,Menbij,2,demonstration,0,,2025-01-01,2025-01-31,a,b,,\n"
)

HXL = (
    "Date,Reported by,Killed,Civilians killed,Governorate,Blamed on,Other\n"
    "#date,#org+reporting,#affected+killed,#affected+killed+civilians,#adm1+name,#group+perpetrator,\n"
    "2025-03-07,SOHR,20,12,Lattakia,government forces,x\n"
    "2025-03-08,SNHR,,5,Tartus,,y\n"
)


def read(write, name: str, text: str | bytes, **options):
    """The raw claims (RawClaims) of a file written in the test, read with ``options`` (ReadOptions)."""
    from reconcile.sources import ReadOptions, read_files

    return read_files([write(name, text)], [name], ReadOptions(**options))


def claims_of(write, name: str, text: str | bytes, **options):
    """The normalised claims (Claims: claims, rejected, rows) of a file written in the test."""
    from reconcile.actors import load_aliases
    from reconcile.normalise import normalise

    return normalise(read(write, name, text, **options), load_aliases())


def read_accounted(write, name: str, text: str, lines: int, **options):
    """(raw, normalised) of a file written here, after checking every one of its ``lines`` rows is accounted for."""
    from reconcile.actors import load_aliases
    from reconcile.normalise import normalise

    raw = read(write, name, text, **options)
    result = normalise(raw, load_aliases())
    assert_accounted(raw, result, lines)
    return raw, result


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch):
    """Every test starts without the variables that change output: RECONCILE_DEBUG, CI, NO_COLOR."""
    for name in ("RECONCILE_DEBUG", "CI", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def here(tmp_path, monkeypatch):
    """Run in tmp_path, so files are named relatively and origins read ``claims.csv:3``."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def realdata() -> Path:
    """``../shared/realdata``; the test is skipped where it is absent."""
    if not REALDATA.is_dir():
        pytest.skip("../shared/realdata is not present")
    return REALDATA


@pytest.fixture
def on_two_workers(monkeypatch):
    """Work split over two forked workers whatever its size (every threshold set to 0, Linux
    only); gives the list of (module, number of tasks) of each split made."""
    import importlib
    import sys

    import reconcile.parallel

    if sys.platform != "linux":
        pytest.skip("workers are forked on Linux only")
    # by import_module: ``reconcile.compare`` as an attribute is the API's function of that name
    match, compare = (importlib.import_module(f"reconcile.{name}") for name in ("match", "compare"))
    split: list[tuple[str, int]] = []
    for module in (match, compare):
        def counted(tasks, workers=None, name=module.__name__):
            # the processes the call may use: compare's two tasks stay in one below its threshold
            split.append((name, min(len(tasks), reconcile.parallel.worker_count() if workers is None
                                    else workers)))
            return reconcile.parallel.run_tasks(tasks, workers)

        monkeypatch.setattr(module, "run_tasks", counted)
    monkeypatch.setattr(match, "PARALLEL_PAIRS", 0)
    monkeypatch.setattr(compare, "PARALLEL_CLAIMS", 0)
    monkeypatch.setattr(reconcile.parallel, "THREADED_ROWS", 0)
    monkeypatch.setenv("RECONCILE_WORKERS", "2")
    return split


@pytest.fixture
def write(tmp_path):
    """write(name, text) -> path of a file with that text (UTF-8 unless bytes)."""

    def _write(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def claims_file(write):
    """claims_file(rows, name=...) -> a generic claims CSV with HEADER and these rows."""

    def _claims(*rows: str, name: str = "claims.csv", header: str = HEADER) -> Path:
        return write(name, header + "".join(r + "\n" for r in rows))

    return _claims


@pytest.fixture
def cli():
    """cli(*args) -> click Result with separate stdout and stderr."""
    runner = CliRunner()

    def _invoke(*args: str):
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    return _invoke


def pytest_terminal_summary(terminalreporter):
    """Print the matching quality measured on real data (tests/test_match_realdata.py)."""
    import sys

    module = sys.modules.get("test_match_realdata")
    metrics = getattr(module, "METRICS", {})
    if metrics:
        terminalreporter.section("incident matching on real data")
        for name, (precision, recall, count, *unit) in metrics.items():
            terminalreporter.write_line(f"{name}: {count} {unit[0] if unit else 'events'}, pairwise precision "
                                        f"{precision:.3f}, recall {recall:.3f}")
    actors = getattr(sys.modules.get("test_actors_evaluation"), "METRICS", {})
    if actors:
        terminalreporter.section("actor resolution on published and real strings")
        for part, m in actors.items():
            terminalreporter.write_line(
                f"{part}: {m['strings']} strings, precision {m['precision']:.3f}, coverage {m['coverage']:.3f} "
                f"(of strings naming an actor: {m['coverage_nameable']:.3f}; of those in the catalogue: "
                f"{m['in_catalogue']:.3f}), {m['wrong']} wrong, {m['cross_country']} cross-country merges")
