"""Each input format on small files written here: what claims a row gives, and every row accounted for.

ACLED-shaped files are synthetic (ACLED's terms forbid copying its data into the
project); the real files are read in test_realdata.py.
"""

from __future__ import annotations

import gzip
import json

import pandas as pd
import pytest

from reconcile.actors import load_aliases
from reconcile.errors import InputError, UsageError
from reconcile.normalise import normalise
from reconcile.sources import ReadOptions, read_files

from conftest import assert_accounted

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


def read(write, name: str, text: str | bytes, **options) -> pd.DataFrame:
    return read_files([write(name, text)], [name], ReadOptions(**options))


def claims_of(write, name: str, text: str | bytes, **options):
    return normalise(read(write, name, text, **options), load_aliases())


def read_accounted(write, name: str, text: str, lines: int, **options):
    """(raw, normalised) of a file written here, after checking every one of its ``lines`` rows is accounted for."""
    raw = read(write, name, text, **options)
    result = normalise(raw, load_aliases())
    assert_accounted(raw, result, lines)
    return raw, result


# ACLED ------------------------------------------------------------------------------------


def test_acled_current_export_one_claim_per_event(write):
    raw, result = read_accounted(write, "acled.csv", ACLED_CURRENT, 4)
    assert raw.formats == ("acled",)
    assert result.rows["rejected"] == 0
    claims = result.claims.set_index("event_id")
    assert set(claims["source"]) == {"ACLED"}
    assert claims.loc["SYR1", ["victims", "best", "perpetrator_raw"]].tolist() == [
        "civilians", 12.0, "Military Forces of Syria (2024-)"]
    assert claims.loc["SYR1", "acled_source"] == "SOHR; SNHR"
    assert claims.loc["SYR1", "place"] == "Jablah, Lattakia"
    assert claims.loc["SYR1", "admin2"] == "Jablah"  # every other column kept
    # A battle: actor1, total; zero deaths is a claim, not a rejected row.
    assert claims.loc["SYR2", ["victims", "best", "perpetrator_raw"]].tolist() == ["total", 0.0, "Islamic State (Syria)"]
    # Protests and unidentified actors are unattributed; civilian targeting makes the victims civilians.
    assert claims.loc["SYR3", "perpetrator"] == "unattributed"
    assert claims.loc["SYR4", ["perpetrator", "victims", "actor1"]].tolist() == [
        "unattributed", "civilians", "Unidentified Armed Group (Syria)"]


def test_acled_2020_export_dates_and_quoting(write):
    result = claims_of(write, "acled.csv", ACLED_2020)
    claims = result.claims.set_index("event_id")
    assert claims.loc["SYR10", "date_start"] == pd.Timestamp("2020-05-09")
    assert claims.loc["SYR11", "date_start"] == pd.Timestamp("2020-03-21")
    assert claims.loc["SYR10", "victims"] == "civilians"  # no civilian_targeting column: the event type says so
    assert claims.loc["SYR11", "victims"] == "total"
    assert claims.loc["SYR11", "notes"] == "Clashes, shelling."


def test_acled_legacy_2016_columns(write):
    result = claims_of(write, "acled.csv", ACLED_2016)
    assert result.rows["rejected"] == 0
    claims = result.claims.set_index("event_id")
    assert claims.loc["8087RTA", ["perpetrator_raw", "best", "place"]].tolist() == ["Al Shabaab", 2.0, "Baydhabo, Bay"]
    assert claims.loc["8188RTA", "perpetrator"] == "unattributed"


# UCDP -------------------------------------------------------------------------------------


def test_ucdp_event_gives_total_civilians_and_each_sides_dead(write):
    raw, result = read_accounted(write, "ged.csv", UCDP, 3)
    assert result.rows["claims"] == 4 + 2 + 4
    claims = result.claims
    first = claims.loc[claims["event_id"] == "UCDP 1"].set_index("victims_raw", append=True)
    total = claims.loc[(claims["event_id"] == "UCDP 1") & (claims["victims"] == "total")].iloc[0]
    assert (total["low"], total["best"], total["high"], total["figure"]) == (9, 10, 14, "10 (9-14)")
    assert total["perpetrator"] == "unattributed"  # UCDP does not say who killed whom in a battle
    sides = claims.loc[(claims["event_id"] == "UCDP 1") & (claims["victims"] == "combatants")]
    assert sides[["victim_side", "perpetrator_raw", "best"]].values.tolist() == [
        ["Government of Syria", "IS", 3.0], ["IS", "Government of Syria", 5.0]]
    assert len(first) == 4
    one_sided = claims.loc[claims["event_id"] == "UCDP 2"]
    assert one_sided["victims"].tolist() == ["total", "civilians"]
    assert set(one_sided["perpetrator_raw"]) == {"IS"}
    assert one_sided["source_office"].tolist() == ["SOHR;SNHR"] * 2
    assert set(claims["origin"]) == {"ged.csv:2", "ged.csv:3", "ged.csv:4"}


def test_ucdp_sides_blamed_on_one_actor_are_summed_in_the_comparison(write, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("ged.csv", UCDP)
    doc = json.loads(cli("compare", "ged.csv", "-f", "json").stdout)
    claims = [c for g in doc["groups"] if g["victims"] == "combatants"
              for c in g["claims"] if c["origin"] == "ged.csv:4"]
    assert [(c["figure"], c["best"]) for c in claims] == [("2 + 2", 4.0)]
    assert doc["superseded"] == []


def test_ucdp_high_below_best_is_kept_widened_with_the_numbers(write):
    text = UCDP.replace("9,10,14", "2,2,1")
    result = claims_of(write, "ged.csv", text)
    assert result.rows["rejected"] == 0
    widened = result.claims.loc[result.claims["interval_note"] != ""]
    assert widened["interval_note"].tolist() == ["low, best, high out of order (2, 2, 1): read as 1-2"]
    assert widened[["low", "best", "high"]].to_numpy().tolist() == [[1, 2, 2]]


# Airwars ----------------------------------------------------------------------------------


def test_airwars_several_belligerents_stay_one_claim(write):
    raw, result = read_accounted(write, "incidents.csv", AIRWARS, 4)
    claims = result.claims
    rs1 = claims.loc[claims["event_id"] == "RS1"]
    assert rs1["victims"].tolist() == ["civilians", "children"]  # one claim per category, not per belligerent
    assert set(rs1["perpetrator_raw"]) == {"Russian Military; Iranian Military"}
    civilians = rs1.iloc[0]
    assert (civilians["figure"], civilians["low"], civilians["best"], civilians["high"]) == ("3-5", 3, 3, 5)
    assert civilians["assessment"] == "Contested"
    ts2 = claims.loc[claims["event_id"] == "TS2"]
    assert ts2["victims"].tolist() == ["civilians", "combatants"]
    ts4 = claims.loc[claims["event_id"] == "TS4"].iloc[0]
    assert (ts4["figure"], ts4["low"], ts4["high"]) == ("at least 4", 4, float("inf"))
    assert raw.skipped.values.tolist() == [["incidents.csv:4", "Airwars gives no death figure for this incident"]]


def test_airwars_belligerent_table_gives_one_claim_per_incident(write):
    raw, result = read_accounted(write, "incident_belligerents.csv", AIRWARS_BELLIGERENTS, 3)
    assert result.claims["perpetrator_raw"].tolist() == ["Russian Military; Iranian Military", "Turkish Military"]
    assert result.claims["best"].sum() == 5  # the incident's figure once, not once per belligerent
    assert raw.skipped["reason"].tolist() == ["another belligerent of incident RS1: its claims are on line 2"]


# HDX HAPI ---------------------------------------------------------------------------------


def test_hdx_hapi_aggregates(write):
    raw, result = read_accounted(write, "hapi.csv", HDX, 3)
    claims = result.claims
    assert claims[["event_id", "victims", "best", "source"]].values.tolist() == [
        ["Menbij 2025-01", "civilians", 1.0, "ACLED"], ["Menbij 2025-01", "total", 63.0, "ACLED"]]
    assert claims["events"].tolist() == ["11", "34"]
    assert raw.skipped["reason"].tolist() == ["no fatalities figure (demonstration, 0 events)"]


# HXL --------------------------------------------------------------------------------------


def test_hxl_tags_map_to_claim_columns(write):
    raw, result = read_accounted(write, "hxl.csv", HXL, 2)
    assert raw.formats == ("hxl",)
    claims = result.claims
    assert claims[["origin", "source", "victims", "best", "place"]].values.tolist() == [
        ["hxl.csv:3", "SOHR", "total", 20.0, "Lattakia"],
        ["hxl.csv:3", "SOHR", "civilians", 12.0, "Lattakia"],
        ["hxl.csv:4", "SNHR", "civilians", 5.0, "Tartus"],
    ]
    assert claims["perpetrator"].tolist()[0] == "Transitional government forces"
    assert claims["Other"].tolist() == ["x", "x", "y"]


def test_hxl_tag_row_over_a_known_header_is_read_as_that_format(write):
    lines = ACLED_2020.splitlines(keepends=True)
    tags = ",".join("#date" if c == "event_date" else ("#affected+killed" if c == "fatalities" else "")
                    for c in lines[0].strip().split(",")) + "\n"
    raw = read(write, "acled-hxl.csv", lines[0] + tags + "".join(lines[1:]))
    assert raw.formats == ("acled",)
    assert raw.rows["origin"].tolist() == ["acled-hxl.csv:3", "acled-hxl.csv:4"]


# Mapping ----------------------------------------------------------------------------------

MAPPING = """
[columns]
figure = "Getötete"
date = "Datum"
perpetrator = "Täter"
place = "Provinz"

[constants]
source = "Newsroom"
victims = "civilians"

[conventions]
date_format = "%d.%m.%Y"
decimal = ","
thousands = "."
"""


def test_mapping_with_constants_date_format_and_number_conventions(write):
    mapping = write("newsroom.toml", MAPPING)
    text = "Datum;Getötete;Täter;Provinz;Bemerkung\n07.03.2025;1.234;Regierungstruppen;Latakia;a\n08.03.2025;etwa 2,5;;Tartus;b\n"
    raw, result = read_accounted(write, "newsroom.csv", text, 2, mapping=mapping)
    claims = raw.rows
    assert claims["source"].tolist() == ["Newsroom", "Newsroom"]
    assert claims["victims"].tolist() == ["civilians", "civilians"]
    assert claims["date"].tolist() == ["2025-03-07", "2025-03-08"]
    assert claims["figure"].tolist() == ["1234", "etwa 2.5"]
    assert claims["Bemerkung"].tolist() == ["a", "b"]
    assert claims["Getötete"].tolist() == ["1.234", "etwa 2,5"]  # as written, beside the figure read
    assert result.claims["best"].tolist() == [1234]
    assert result.claims["date_start"].tolist() == [pd.Timestamp("2025-03-07")]
    assert "figure 'etwa 2.5'" in result.rejected.loc[0, "reason"]  # German words are not understood


@pytest.mark.parametrize(
    ("text", "message"),
    [("[columns]\nfigure = 'x'\n", "nothing feeds source"),
     ("[columns]\nfigur = 'x'\n", "names no claim column figur"),
     ("[colums]\n", "unknown section"),
     ("not toml [", "not valid TOML"),
     ("[constants]\nsource='A'\nfigure='1'\ndate='2025'\n[conventions]\ndecimals=','\n", "unknown key")],
)
def test_bad_mapping_files_are_usage_errors(write, text, message):
    mapping = write("m.toml", text)
    with pytest.raises(UsageError, match=message):
        read(write, "c.csv", "a,b\n1,2\n", mapping=mapping)


def test_mapping_naming_a_missing_column_names_the_file(write):
    mapping = write("m.toml", "[columns]\nfigure = 'Killed'\n[constants]\nsource='A'\ndate='2025'\n")
    with pytest.raises(InputError, match="names column 'Killed'.*lacks"):
        read(write, "c.csv", "a,b\n1,2\n", mapping=mapping)


# Containers: spreadsheets and gzip -------------------------------------------------------


def test_xlsx_sheet_is_read_with_sheet_row_numbers(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    import datetime as dt

    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["nothing here"])
    sheet = book.create_sheet("Deaths")
    sheet.append(["source", "figure", "date", "victims"])
    sheet.append(["SOHR", 700, dt.datetime(2025, 3, 7), "civilians"])
    sheet.append([None, None, None, None])
    sheet.append(["SNHR", "approximately 125", "2025-03-07", "civilians"])
    path = tmp_path / "claims.xlsx"
    book.save(path)
    raw = read_files([path], ["claims.xlsx"], ReadOptions(sheet="Deaths"))
    assert raw.rows["origin"].tolist() == ["claims.xlsx[Deaths]:2", "claims.xlsx[Deaths]:4"]
    assert raw.rows["figure"].tolist() == ["700", "approximately 125"]
    assert raw.rows["date"].tolist() == ["2025-03-07", "2025-03-07"]
    assert raw.blank_lines == 1
    assert read_files([path], ["claims.xlsx"], ReadOptions(sheet="2")).rows["source"].tolist() == ["SOHR", "SNHR"]
    with pytest.raises(InputError, match="no sheet 'Dead'; sheets: Notes, Deaths"):
        read_files([path], None, ReadOptions(sheet="Dead"))


def test_sheet_option_on_a_csv_is_a_usage_error(write):
    with pytest.raises(UsageError, match="--sheet"):
        read(write, "c.csv", "source,figure,date\nA,1,2025\n", sheet="x")


def test_csv_gz_reads_like_the_csv(write):
    plain = read(write, "ged.csv", UCDP)
    packed = read(write, "ged.csv.gz", gzip.compress(UCDP.encode()))
    assert packed.formats == ("ucdp",)
    assert packed.rows.drop(columns=["origin", "file"]).equals(plain.rows.drop(columns=["origin", "file"]))


# Detection and the command line ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [(ACLED_CURRENT, "acled"), (ACLED_2020, "acled"), (ACLED_2016, "acled"), (UCDP, "ucdp"), (AIRWARS, "airwars"),
     (AIRWARS_BELLIGERENTS, "airwars"), (HDX, "hdx_hapi"), (HXL, "hxl"), ("source,figure,date\nA,1,2025\n", "generic")],
)
def test_format_detected_from_the_header(write, text, expected):
    assert read(write, "f.csv", text).formats == (expected,)


def test_a_file_matching_no_format_exits_2_naming_the_closest_and_what_it_lacks(cli, write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("odd.csv", "event_id_cnty,event_date,fatalities,country\nX1,2025-01-01,3,Syria\n")
    result = cli("compare", "odd.csv")
    assert result.exit_code == 2
    assert "closest is acled" in result.stderr and "lacks actor1" in result.stderr
    assert "Traceback" not in result.stderr


def test_input_format_forces_a_format(cli, write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("acled.csv", ACLED_2020)
    as_acled = json.loads(cli("normalise", "acled.csv", "--input-format", "acled", "-f", "json").stdout)
    assert {c["source"] for c in as_acled} == {"ACLED"}
    generic = cli("normalise", "acled.csv", "--input-format", "generic")  # forced: no detection
    assert generic.exit_code == 2 and "'admin1' and 'location' both mean 'place'" in generic.stderr
    bad = cli("compare", "acled.csv", "--input-format", "ucdp")
    assert bad.exit_code == 2 and "not a ucdp file" in bad.stderr and "lacks" in bad.stderr
    unknown = cli("compare", "acled.csv", "--input-format", "nope")
    assert unknown.exit_code == 2 and "no format 'nope'" in unknown.stderr


def test_read_options_reach_every_command(cli, write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("m.toml", "[columns]\nfigure = 'n'\ndate = 'd'\nperpetrator = 'who'\n[constants]\nsource = 'Desk'\nplace = 'Syria'\n")
    write("desk.csv", "d,n,who\n2025-03-07,5,government forces\n")
    for command in ("compare", "normalise", "actors"):
        result = cli(command, "desk.csv", "--mapping", "m.toml", "-f", "json" if command != "normalise" else "csv")
        assert result.exit_code == 0, (command, result.stderr)
        assert "rows: 1 read, 1 used, 0 rejected" in result.stderr
    assert "Transitional government forces" in cli("actors", "desk.csv", "--mapping", "m.toml", "-f", "csv").stdout


def test_summary_counts_rows_and_claims_apart(cli, write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("incidents.csv", AIRWARS)
    result = cli("compare", "incidents.csv", "-f", "json")
    assert "rows: 4 read (1 without a claim), giving 5 claims: 5 used, 0 rejected" in result.stderr
    doc = json.loads(result.stdout)
    assert doc["rows"] == {"read": 4, "used": 5, "rejected": 0, "claims": 5, "skipped": 1}
    assert doc["no_claim"] == [{"origin": "incidents.csv:4", "reason": "Airwars gives no death figure for this incident"}]


def test_formats_command_lists_every_format(cli):
    result = cli("formats", "-f", "csv")
    assert result.exit_code == 0
    names = [line.split(",")[0] for line in result.stdout.splitlines()[1:]]
    assert names == ["hxl", "ucdp", "airwars", "hdx_hapi", "acled", "named_victims", "airwars_sources", "pcodes",
                     "war_totals", "war_figures", "wide", "cumulative", "generic", "mapping"]


# --where and --incident ------------------------------------------------------------------


def test_where_keeps_matching_claims_and_accounts_for_the_rest(write):
    raw, result = read_accounted(write, "incidents.csv", AIRWARS, 4, where=("assessment=fair", "victims!=combatants"))
    assert result.claims[["event_id", "victims"]].values.tolist() == [["TS2", "civilians"], ["TS4", "civilians"]]
    reasons = dict(raw.skipped.values.tolist())
    assert reasons["incidents.csv:2"] == "left out by --where assessment=fair and victims!=combatants"
    assert reasons["incidents.csv:4"] == "Airwars gives no death figure for this incident"


@pytest.mark.parametrize(
    ("condition", "incidents"),
    [("event_id~^(RS1|TS4)$", ["RS1", "RS1", "TS4"]), ("date_start>=2022-06-03", ["TS4"]),
     ("date_start<=2021-12", ["RS1", "RS1"]), ("no_such_column=x", [])],
)
def test_where_operators(write, condition, incidents):
    assert read(write, "incidents.csv", AIRWARS, where=(condition,)).rows["event_id"].tolist() == incidents


def test_where_that_cannot_be_read_is_a_usage_error(write, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("incidents.csv", AIRWARS)
    for bad in ("assessment", "incident~(unclosed"):
        result = cli("compare", "incidents.csv", "--where", bad)
        assert result.exit_code == 2 and "--where" in result.stderr


def test_incident_option_puts_claims_of_several_files_in_one_incident(write, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("ged.csv", UCDP)
    write("incidents.csv", AIRWARS)
    result = cli("compare", "ged.csv", "incidents.csv", "--where", "event_id~^(UCDP 2|RS1)$", "--incident", "one",
                 "-f", "json")
    doc = json.loads(result.stdout)
    assert {g["incident"] for g in doc["groups"]} == {"one"}
    assert {c["source"] for g in doc["groups"] for c in g["claims"]} == {"UCDP", "Airwars"}
