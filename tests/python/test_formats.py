# SPDX-License-Identifier: Apache-2.0
import json
import re

import infoclass as ic
import networkx as nx
import pytest


def test_graphml_is_read_by_networkx(example_path, tmp_path):
    m = ic.Model.load(example_path)
    path = tmp_path / "m.graphml"
    path.write_text(m.to_graphml(), encoding="utf-8")
    g = nx.read_graphml(path)
    assert g.number_of_nodes() == len(m)
    assert g.number_of_edges() == len(m.dependencies)
    node = g.nodes["srv-sql-01"]
    a = m.propagate()
    assert node["K"] == a.effective("srv-sql-01")["K"]
    assert node["kind"] == "server" and node["owner"] == "Servicenämnden"
    assert node["K_cause"] == "edge from svc-databas (runs_on)"
    assert "K" not in g.nodes["föreningsregister"]  # unassessed: no level
    part = nx.read_graphml(io_string(m.to_graphml("srv-sql-01", upstream=False)))
    assert set(part.nodes) == {"srv-sql-01", "san-01", "Serverrum Stadshuset", "lev-drift", "svc-backup",
                               "backup-01", "Serverrum Tekniska", "san-02"}


def io_string(text):
    import io

    return io.BytesIO(text.encode("utf-8"))


def test_dot_and_svg(small):
    dot = small.to_dot(focus="srv-01")
    assert '"vardsystem" -> "srv-01"' in dot
    if ic._core.have_svg:
        svg = small.to_svg()
        assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "vardsystem" in svg
        assert small._repr_svg_() == svg
    else:
        assert small._repr_svg_() is None


def test_csv_round_trip(example_path, tmp_path):
    m = ic.Model.load(example_path)
    policy = json.loads(m.to_json())["policy"]
    for delimiter in (",", ";"):
        m.to_csv(tmp_path / delimiter, delimiter=delimiter)
        back = ic.Model.from_csv(tmp_path / delimiter / "assets.csv", tmp_path / delimiter / "dependencies.csv",
                                 scheme="se-klassa", policy=policy)
        assert back == m


def test_csv_errors(tmp_path):
    (tmp_path / "assets.csv").write_text("id,kind,K\na,information,9\n")
    with pytest.raises(ic.ModelError, match=r"assets.csv:2: column 'K': '9' is not a level of property K"):
        ic.Model.from_csv(tmp_path / "assets.csv")
    with pytest.raises(FileNotFoundError):
        ic.Model.from_csv(tmp_path / "missing.csv")


def test_threagile_and_oscal(tmp_path):
    from conftest import ROOT

    m = ic.Model.from_threagile(ROOT / "tests" / "data" / "threagile" / "webshop.yaml")
    assert m.scheme.id == "threagile"
    assert m.propagate().effective("portal") == {"C": 3, "I": 3, "A": 2}
    ssp = ROOT.parent / "shared" / "data" / "oscal" / "ssp-example.json"
    r = ic.oscal_check(ssp)
    assert r["confidentiality"] == "fips-199-moderate" and r["sensitivity"] == "moderate" and r["findings"] == []
    edge = ROOT / "tests" / "data" / "oscal" / "findings.json"
    assert len(ic.oscal_check(edge)["findings"]) == 2
    out = tmp_path / "fixed.json"
    ic.oscal_update(edge, out)
    assert len(ic.oscal_check(out)["findings"]) == 1
    assert ic.Model.from_oscal(ssp).scheme.id == "us-fips-199"
    with pytest.raises(ic.ModelError, match="missing 'system-security-plan'"):
        ic.oscal_check(ROOT / "examples" / "municipality" / "model.json")


def test_archives_from_python(example_path):
    from conftest import ROOT

    m = ic.Model.load(example_path)
    for fmt in ("binary", "text", "xml"):
        assert ic.Model.from_archive(m.to_archive(fmt)) == m
    old = (ROOT / "tests" / "data" / "archives" / "v1" / "model-binary.icar").read_bytes()
    assert ic.Model.from_archive(old) == ic.Model.load(ROOT / "tests" / "data" / "archives" / "v1" / "model.json")
    with pytest.raises(ic.ModelError, match="not an archive format"):
        m.to_archive("zip")
    with pytest.raises(ic.ModelError, match="bad magic"):
        ic.Model.from_archive(b"PK\x03\x04")


SWEDISH_ASSETS = ("Id;Typ;Namn;ÄGARE;Konfidentialitet;Riktighet;T;S;Granskas\r\n"
                  "elevhälsojournal;information;Elevhälsans journal;Barn- och utbildningsnämnden;Allvarlig;betydande;2;"
                  "Måttlig;2027-03-31\r\n"
                  ";;;;;;;;\r\n"
                  "srv 01;server;;Servicenämnden;;;;;\r\n")
SWEDISH_DEPS = "Från;Till;Typ;Grupp\r\nelevhälsojournal;srv 01;stored_on;\r\n"


def test_csv_as_swedish_excel_saves_it(tmp_path):
    # Windows-1252, semicolons, Swedish headers, level names, an empty row; the file's own name in errors.
    (tmp_path / "tillgångar.csv").write_bytes(SWEDISH_ASSETS.encode("cp1252"))
    (tmp_path / "beroenden.csv").write_bytes(SWEDISH_DEPS.encode("cp1252"))
    m = ic.Model.from_csv(tmp_path / "tillgångar.csv", tmp_path / "beroenden.csv")
    assert {a.id for a in m} == {"elevhälsojournal", "srv 01"}
    assert m["elevhälsojournal"].owner == "Barn- och utbildningsnämnden"
    assert m.propagate().effective("srv 01") == {"K": 3, "R": 2, "T": 2, "S": 1}
    # Excel's "Unicode text": UTF-16 LE with BOM, tab-separated.
    (tmp_path / "u.txt").write_bytes(SWEDISH_ASSETS.replace(";", "\t").encode("utf-16"))
    assert {a.id for a in ic.Model.from_csv(tmp_path / "u.txt")} == {"elevhälsojournal", "srv 01"}
    # An unknown header is an error naming the file and the column; columns= maps or keeps it.
    (tmp_path / "k.csv").write_text("Informationsmängd;kind;Kommentar\nx;information;Se bilaga\n")
    with pytest.raises(ic.ModelError, match=r"k.csv:1: column 'Informationsmängd': unknown column"):
        ic.Model.from_csv(tmp_path / "k.csv")
    k = ic.Model.from_csv(tmp_path / "k.csv", columns={"Informationsmängd": "id", "Kommentar": "attribute:Kommentar"})
    assert k["x"].attributes == {"Kommentar": "Se bilaga"}
    # to_csv(excel=True): UTF-8 with BOM, ';', CRLF; reads back.
    m.to_csv(tmp_path / "out", delimiter=";", excel=True)
    raw = (tmp_path / "out" / "assets.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid;kind;name;owner;K;R;T;S") and b"\r\n" in raw
    assert ic.Model.from_csv(tmp_path / "out" / "assets.csv", tmp_path / "out" / "dependencies.csv") == m


def test_unicode_ids_in_nfc(tmp_path):
    m = ic.Model("se-klassa")
    m.add_asset("elevha\u0308lsojournal", kind="information", classification={"K": 3})  # decomposed ä
    m.add_asset("Serverrum Stadshuset", kind="site")
    m.add_dependency("elevh\u00e4lsojournal", "Serverrum Stadshuset", "located_in")  # composed ä: the same asset
    assert [a.id for a in m] == ["elevh\u00e4lsojournal", "Serverrum Stadshuset"]  # stored in NFC
    assert m.propagate().effective("Serverrum Stadshuset")["K"] == 3
    with pytest.raises(ic.ModelError, match="duplicate asset id"):
        m.add_asset("elevh\u00e4lsojournal", kind="information")
    with pytest.raises(ic.ModelError, match="an asset id is 1..256 bytes"):
        m.add_asset("\u00a0srv", kind="server")  # NBSP at the start


def to_shared_strings(path, sheet_part):
    """Rewrites one sheet's inline strings as shared strings (xl/sharedStrings.xml), as Excel stores them."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    table = []

    def shared(match):
        ref, style, text = match.group(1), match.group(2) or "", match.group(3)
        table.append(text)
        return f'<c r="{ref}"{style} t="s"><v>{len(table) - 1}</v></c>'

    sheet, n = re.subn(r'<c r="([A-Z]+\d+)"( s="\d+")? t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>', shared,
                       parts[sheet_part].decode())
    assert n > 0
    parts[sheet_part] = sheet.encode()
    items = "".join(f"<si><t>{t}</t></si>" for t in table)
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(table)}" uniqueCount="{len(table)}">{items}</sst>').encode()
    types = parts["[Content_Types].xml"].decode()
    if "sharedStrings" not in types:
        types = types.replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                              'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts["[Content_Types].xml"] = types.encode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    if "sharedStrings" not in rels:
        rels = rels.replace("</Relationships>", '<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/'
                            'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                            "</Relationships>")
    parts["xl/_rels/workbook.xml.rels"] = rels.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_a_sheet_is_read_no_wider_than_its_header(tmp_path):
    # Rows with a blank cell at the last column (XFD) were padded to 16,384
    # fields each (a 52 KB workbook of 10,000 rows took 7.7 GB, these 40,000
    # rows would take 31 GB); a blank
    # cell is as absent now, and the first row with text beyond the header
    # is the row refused.
    openpyxl = pytest.importorskip("openpyxl")
    import re
    import zipfile

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "assets"
    ws.append(["id", "kind"])
    for i in range(40000):
        ws.append([f"a{i}", "information"])
    path = tmp_path / "wide.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    blank = re.sub(r'<row r="(\d+)"([^>]*)>(.*?)</row>', lambda m: f'<row r="{m.group(1)}"{m.group(2)}>{m.group(3)}'
                   f'<c r="XFD{m.group(1)}"/></row>', sheet)
    assert blank.count('"XFD') == 40001
    for name, text in (("blank.xlsx", blank),
                       ("text.xlsx", blank.replace('<c r="XFD7"/>', '<c r="XFD7" t="inlineStr"><is><t>x</t></is></c>'))):
        with zipfile.ZipFile(tmp_path / name, "w", zipfile.ZIP_DEFLATED) as z:
            for part, data in parts.items():
                z.writestr(part, text.encode() if part == "xl/worksheets/sheet1.xml" else data)
    assert len(ic.Model.from_excel(tmp_path / "blank.xlsx")) == 40000
    with pytest.raises(ic.ModelError, match=r"text.xlsx:assets:7: row has 16384 fields, the header 2"):
        ic.Model.from_excel(tmp_path / "text.xlsx")


def test_a_date_cell_out_of_excels_range_is_no_date(tmp_path):
    # A number in a date-formatted cell beyond Excel's dates (or NaN) was cast
    # to an integer out of range (undefined behaviour); it is no date.
    openpyxl = pytest.importorskip("openpyxl")
    for value, shown in ((1e300, "1e+300"), (-1e300, "-1e+300"), (9e18, "9e+18")):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "assets"
        ws.append(["id", "kind", "review_by"])
        ws.append(["a", "information", value])
        ws["C2"].number_format = "yyyy-mm-dd"
        wb.save(tmp_path / "d.xlsx")
        with pytest.raises(ic.ModelError, match=f"review_by: '{re.escape(shown)}' is not a date"):
            ic.Model.from_excel(tmp_path / "d.xlsx")


def test_from_excel_reads_what_openpyxl_writes(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    import datetime

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tillgångar"
    ws.append(["Id", "Typ", "Namn", "Ägare", "K", "R", "T", "S", "Granskas"])
    ws.append(["elevhälsojournal", "information", "Elevhälsans journal", "BUN", "Allvarlig", 2, "2", None,
               datetime.date(2027, 3, 31)])
    ws.append([None, None, None, None, None, None, None, None, None])  # an empty row
    ws.append(["srv 01", "server", None, "Servicenämnden", None, None, None, None, None])
    ws["I2"].number_format = "yyyy-mm-dd"
    deps = wb.create_sheet("Beroenden")
    deps.append(["Från", "Till", "Typ", "Grupp"])
    deps.append(["elevhälsojournal", "srv 01", "stored_on", None])
    wb.create_sheet("Anteckningar").append(["not read"])
    path = tmp_path / "inventarie.xlsx"
    wb.save(path)
    # Debian's openpyxl writes inline strings; Excel writes shared strings. Give the first sheet shared strings
    # (as Excel lays them out) and keep inline strings in the second, so that the reader meets both.
    to_shared_strings(path, "xl/worksheets/sheet1.xml")
    m = ic.Model.from_excel(path)
    assert {a.id for a in m} == {"elevhälsojournal", "srv 01"}
    j = m["elevhälsojournal"]
    assert j.review_by == "2027-03-31"
    assert m.propagate().effective("srv 01") == {"K": 3, "R": 2, "T": 2, "S": None}
    # The same rules as CSV: an unknown level names the sheet, row and column.
    ws["F2"] = "enorm"
    wb.save(path)
    with pytest.raises(ic.ModelError, match=r"inventarie.xlsx:Tillgångar:2: column 'R': 'enorm' is not a level"):
        ic.Model.from_excel(path)
    with pytest.raises(ic.ModelError, match=r"no sheet 'Assets2'"):
        ic.Model.from_excel(path, assets_sheet="Assets2")
