// SPDX-License-Identifier: Apache-2.0
#include "infoclass/error.hpp"
#include "infoclass/io/csv.hpp"
#include "infoclass/io/json.hpp"
#include "random_model.hpp"

#include <doctest/doctest.h>

#include <filesystem>

using namespace infoclass;

namespace {
auto klassa() { return scheme::preset("se-klassa"); }
} // namespace

TEST_CASE("csv: Swedish Excel export with BOM, semicolons, CRLF, quoted newlines") {
  std::string assets =
      "\xEF\xBB\xBFid;kind;name;owner;K;R;T;S;justification\r\n"
      "socialakter;information;Personakter; Socialnämnden ;3;2;2;3;\"Känsliga uppgifter;\nOSL 26 kap.\"\r\n"
      "srv;server;\"Server \"\"ett\"\"\";Servicenämnden;;;;;\r\n";
  std::string deps = "from;to;type;group\r\nsocialakter;srv;stored_on;\r\n";
  auto m = io::read_csv(assets, deps, klassa());
  REQUIRE(m.size() == 2);
  const auto& a = m.at("socialakter");
  CHECK(a.own == classification{3, 2, 2, 3});
  CHECK(a.owner == " Socialnämnden ");
  CHECK(a.justification == "Känsliga uppgifter;\nOSL 26 kap.");
  CHECK(m.at("srv").name == "Server \"ett\"");
  CHECK(m.num_dependencies() == 1);
  // A CR LF inside a quoted value is kept, so that values round-trip exactly.
  auto crlf = io::read_csv("id,kind,name\r\na,server,\"one\r\ntwo\"\r\n", "", klassa());
  CHECK(crlf.at("a").name == "one\r\ntwo");
  auto files = io::write_csv(crlf);
  CHECK(io::read_csv(files.assets, files.dependencies, klassa()) == crlf);
}

TEST_CASE("csv: comma delimiter detected, level keys, na, overrides, implemented, attributes") {
  std::string assets = "id,kind,C,I,A,implemented_A,override_A,override_A_effect,override_A_justification,attributes\n"
                       "web,information,na,moderate,low,,,,,\n"
                       "sys,application,,,,high,1,distribution,\"Two sites, one fails\",\"{\"\"rack\"\": 3}\"\n";
  auto m = io::read_csv(assets, "", scheme::preset("us-fips-199"));
  CHECK(m.at("web").own.is_not_applicable(0));
  CHECK(m.at("web").own.get(1) == level_t{1});
  CHECK(m.at("sys").implemented->get(2) == level_t{2});
  CHECK(m.at("sys").overrides.at(2).effect == override_effect::distribution);
  CHECK(m.at("sys").overrides.at(2).justification == "Two sites, one fails");
  CHECK(m.at("sys").attributes.at("rack") == "3");
}

TEST_CASE("csv: write then read is identity, with either delimiter") {
  auto m = io::load_model(std::string(INFOCLASS_SOURCE_DIR) + "/examples/municipality/model.json");
  for (char d : {',', ';'}) {
    auto files = io::write_csv(m, d);
    auto back = io::read_csv(files.assets, files.dependencies, m.scheme_ptr(), m.get_policy());
    CHECK(back == m);
  }
  std::mt19937 rng(11);
  for (int i = 0; i < 200; ++i) {
    auto r = infoclass::testing::random_model(rng);
    auto files = io::write_csv(r, i % 2 ? ';' : ',');
    CHECK(io::read_csv(files.assets, files.dependencies, r.scheme_ptr(), r.get_policy()) == r);
  }
}

TEST_CASE("csv: errors name file, line and column") {
  struct bad {
    std::string assets;
    std::string deps;
    std::string expected;
  };
  const std::vector<bad> cases{
      {"", "", "assets.csv: empty file"},
      {"id,kind,colour\n", "", "assets.csv:1: column 'colour': unknown column"},
      {"id,name\n", "", "assets.csv:1: missing required column 'kind'"},
      {"id,kind,id\n", "", "assets.csv:1: column 'id': the same field as column 'id'"},
      {"id,typ,Kind\n", "", "assets.csv:1: column 'Kind': the same field as column 'typ'"},
      {"id,kind,K\na,information,7\n", "", "assets.csv:2: column 'K': '7' is not a level of property K"},
      {"id,kind,K\na,information,1,2\n", "", "assets.csv:2: row has 4 fields, the header 3"},
      {";;\n", "", "assets.csv:1: column '': unknown column"},
      {"id,kind\n,server\n", "", "assets.csv:2: column 'id': empty id in a row that is not empty"},
      {"id,kind\na,\"information\n", "", "assets.csv:2:3: quoted field is not closed"},
      {"id,kind\na,in\"fo\n", "", "assets.csv:2:5: quote inside an unquoted field"},
      {"id,kind\na,\"x\"y\n", "", "assets.csv:2:6: unexpected character after a closing quote"},
      {"id,kind\na,Server\n", "", "assets.csv:2: a: kind"},
      {"id,kind\na,server\na,server\n", "", "assets.csv:3: a: duplicate asset id"},
      {"id,kind\na,info\xff\n", "", "assets.csv:2: a: kind: 'info\xC3\xBF' is not a kind"}, // read as Windows-1252
      {"id,kind\na,info\x81\n", "", "assets.csv: byte 15: not a character in WINDOWS-1252"},
      {"id,kind,K\na,information,\"{\"\n", "", "assets.csv:2: column 'K'"},
      {"id,kind,attributes\na,server,[1]\n", "", "assets.csv:2: column 'attributes': attributes must be a JSON object"},
      // JSON in a cell is read strictly: a repeated key is not resolved by keeping the last one.
      {"id,kind,attributes\na,server,\"{\"\"x\"\": 1, \"\"x\"\": 2}\"\n", "",
       "assets.csv:2: column 'attributes': JSON in the cell: /x: duplicate key 'x'"},
      {"id,kind,attributes\na,server,{\n", "", "assets.csv:2: column 'attributes': JSON in the cell: line 1, column 2"},
      {"id,kind,answers\na,information,\"{\"\"rules\"\": \"\"r\"\", \"\"given\"\": {}, \"\"given\"\": {}}\"\n", "",
       "assets.csv:2: column 'answers': JSON in the cell: /given: duplicate key 'given'"},
      {"id,kind,override_T,override_T_effect\na,server,1,luck\n", "",
       "assets.csv:2: column 'override_T_effect': 'luck' is not an override effect"},
      {"id,kind,override_T\na,server,1\n", "", "assets.csv:2: a: overrides/T/justification"},
      {"id,kind\na,server\n", "from,to\na,b\n", "dependencies.csv:1: missing required column 'type'"},
      {"id,kind\na,server\n", "from,to,type\na,b,runs_on\n", "dependencies.csv:2: a -> b: unknown asset 'b'"},
      {"id,kind\na,server\nb,site\n", "from,to,type\na,b,teleports\n",
       "dependencies.csv:2: a -> b: unknown dependency type"},
  };
  for (const auto& c : cases) {
    INFO("assets: " << c.assets << " deps: " << c.deps);
    try {
      (void)io::read_csv(c.assets, c.deps, klassa());
      FAIL("accepted bad input");
    } catch (const model_error& e) {
      CHECK_MESSAGE(std::string(e.what()).find(c.expected) != std::string::npos, "got: " << std::string(e.what()));
    }
  }
}

TEST_CASE("csv: JSON cells are held to the reader's limits, as deep as a model file holds them") {
  // 200,000 levels in one cell (under max_string): refused at the depth limit.
  // Read as it was before, the value's text was written back by recursion and
  // the stack overflowed (a crash on a CSV file at the default limits).
  const std::string deep = "{\"\"x\"\": " + std::string(200000, '[') + std::string(200000, ']') + "}";
  for (const auto* col : {"attributes", "answers"}) {
    INFO(col);
    const std::string assets = std::string("id,kind,") + col + "\na,information,\"" + deep + "\"\n";
    const std::string expected = std::string("assets.csv:2: column '") + col +
                                 "': JSON in the cell: line 1, column 67: nesting deeper than 61 levels (a model file "
                                 "holds the cell's object 3 levels down, within read_limits::max_depth 64)";
    CHECK_THROWS_WITH_AS((void)io::read_csv(assets, "", klassa()), doctest::Contains(expected.c_str()), model_error);
  }
  // As deep as a model file holds at the default limit (64): kept as
  // written, and the model written back reads again; one level more is refused.
  const auto cell = [](std::size_t levels) {
    return "id,kind,attributes\na,information,\"{\"\"x\"\": " + std::string(levels, '[') + std::string(levels, ']') +
           "}\"\n";
  };
  const std::string nested = std::string(60, '[') + std::string(60, ']');
  const auto m = io::read_csv(cell(60), "", klassa());
  CHECK(m.at("a").attributes.at("x") == nested);
  CHECK(io::read_model(io::write_model(m)) == m);
  CHECK_THROWS_WITH_AS((void)io::read_csv(cell(61), "", klassa()), doctest::Contains("nesting deeper than 61 levels"),
                       model_error);
  // A limit of the reader's own.
  io::csv_options o;
  o.limits.max_depth = 8;
  CHECK_THROWS_WITH_AS((void)io::read_csv(cell(60), "", klassa(), {}, o),
                       doctest::Contains("nesting deeper than 5 levels"), model_error);
  // answers: rules and given, nothing else (the JSON reader refuses the same).
  CHECK_THROWS_WITH_AS(
      (void)io::read_csv(
          "id,kind,answers\na,information,\"{\"\"rules\"\": \"\"r\"\", \"\"given\"\": {}, \"\"by\"\": 1}\"\n", "",
          klassa()),
      doctest::Contains("assets.csv:2: column 'answers': answers: unknown field 'by' (rules and given only)"),
      model_error);
}

TEST_CASE("csv: files are written atomically and read back") {
  auto dir = std::filesystem::temp_directory_path() / ("infoclass-csv-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto m = io::load_model(std::string(INFOCLASS_SOURCE_DIR) + "/examples/municipality/model.json");
  io::save_csv(m, dir);
  CHECK(io::load_csv(dir / "assets.csv", dir / "dependencies.csv", m.scheme_ptr(), m.get_policy()) == m);
  CHECK_THROWS_WITH_AS((void)io::load_csv(dir / "nope.csv", {}, m.scheme_ptr()), doctest::Contains("no such file"),
                       model_error);
  // The pair is replaced whole or not at all: dependencies.csv cannot be
  // replaced (a directory), so assets.csv keeps its content and no
  // temporary file is left.
  std::filesystem::remove(dir / "dependencies.csv");
  std::filesystem::create_directory(dir / "dependencies.csv");
  const auto before = io::read_file(dir / "assets.csv", 1U << 24);
  auto other = m;
  other.remove_asset(other.id(0));
  CHECK_THROWS_WITH_AS(io::save_csv(other, dir), doctest::Contains("dependencies.csv: cannot replace: Is a directory"),
                       file_error);
  CHECK(io::read_file(dir / "assets.csv", 1U << 24) == before);
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) {
    ++entries;
  }
  CHECK(entries == 2);
  std::filesystem::remove_all(dir);
}

namespace {
// UTF-8 text as Windows-1252 bytes (the Latin-1 range only, as the test needs).
std::string cp1252(std::string_view utf8) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c == 0xC3) {
      out += static_cast<char>(static_cast<unsigned char>(utf8[++i]) + 0x40);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// UTF-8 (BMP only) as UTF-16 LE with a byte order mark.
std::string utf16le(std::string_view utf8) {
  std::string out = "\xFF\xFE";
  for (std::size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    unsigned cp = c;
    std::size_t n = 1;
    if (c >= 0xE0) {
      cp = ((c & 0x0FU) << 12U) | ((static_cast<unsigned char>(utf8[i + 1]) & 0x3FU) << 6U) |
           (static_cast<unsigned char>(utf8[i + 2]) & 0x3FU);
      n = 3;
    } else if (c >= 0xC0) {
      cp = ((c & 0x1FU) << 6U) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3FU);
      n = 2;
    }
    out += static_cast<char>(cp & 0xFFU);
    out += static_cast<char>(cp >> 8U);
    i += n;
  }
  return out;
}

// Swedish Excel's "CSV (semikolonavgränsad)": Windows-1252, semicolons, CRLF,
// Swedish headers, level names, and rows Excel leaves as ;;;;.
const std::string swedish_assets = "Id;Typ;Namn;\xC3\x84GARE;Konfidentialitet;Riktighet;T;S;Motivering;Granskas\r\n"
                                   "elevh\xC3\xA4lsojournal;information;Elevh\xC3\xA4lsans journal;"
                                   "Barn- och utbildningsn\xC3\xA4mnden;Allvarlig;betydande;2;M\xC3\xA5ttlig;"
                                   "OSL 25 kap.;2027-03-31\r\n"
                                   ";;;;;;;;;\r\n"
                                   "L\xC3\xB6neuppgifter;information;;Personalutskottet;3;2;2;2;;\r\n"
                                   "srv 01;server;;Servicen\xC3\xA4mnden;;;;;;\r\n"
                                   ";;;;;;;;;\r\n";
const std::string swedish_deps = "Fr\xC3\xA5n;Till;Typ;Grupp\r\n"
                                 "elevh\xC3\xA4lsojournal;srv 01;stored_on;\r\n"
                                 "L\xC3\xB6neuppgifter;srv 01;stored_on;\r\n"
                                 ";;;\r\n";
} // namespace

TEST_CASE("csv: Swedish Excel CSV (Windows-1252, Swedish headers, level names, empty rows) reads whole") {
  io::import_summary sum;
  io::csv_options opt;
  opt.summary = &sum;
  auto m =
      io::read_csv(cp1252(swedish_assets), cp1252(swedish_deps), klassa(), {}, opt, "tillgångar.csv", "beroenden.csv");
  REQUIRE(m.size() == 3);
  const auto e = m.at("elevh\xC3\xA4lsojournal");
  CHECK(e.name == "Elevh\xC3\xA4lsans journal");
  CHECK(e.owner == "Barn- och utbildningsn\xC3\xA4mnden");
  CHECK(e.own == classification{3, 2, 2, 1});
  CHECK(e.justification == "OSL 25 kap.");
  CHECK(e.review_by == "2027-03-31");
  CHECK(m.at("L\xC3\xB6neuppgifter").own == classification{3, 2, 2, 2});
  CHECK(m.contains("srv 01"));
  CHECK(m.num_dependencies() == 2);
  REQUIRE(sum.notes.size() == 2);
  CHECK(sum.notes[0] == "tillgångar.csv: read as Windows-1252");
  CHECK(sum.line() == "3 assets, 2 dependencies; left out: 2 empty rows, 1 empty dependency row");
  // The same file in UTF-8 with a BOM, and as Excel's "Unicode text" (UTF-16 LE, tabs).
  auto utf8 = io::read_csv("\xEF\xBB\xBF" + swedish_assets, swedish_deps, klassa());
  CHECK(utf8 == m);
  std::string tabbed = swedish_assets;
  std::replace(tabbed.begin(), tabbed.end(), ';', '\t');
  std::string tabbed_deps = swedish_deps;
  std::replace(tabbed_deps.begin(), tabbed_deps.end(), ';', '\t');
  CHECK(io::read_csv(utf16le(tabbed), utf16le(tabbed_deps), klassa()) == m);
  // An explicit encoding overrides detection: valid UTF-8 read as Windows-1252 is mojibake, not an error.
  opt.encoding = io::text_encoding::windows1252;
  opt.summary = nullptr;
  CHECK_THROWS_WITH_AS((void)io::read_csv(swedish_assets, "", klassa(), {}, opt), doctest::Contains("unknown column"),
                       model_error); // "Ã„GARE" is no header
}

TEST_CASE("csv: headers by role and name in other schemes, level names in both languages, --columns") {
  auto bsi = io::read_csv("ID,KIND,Vertraulichkeit,Integrit\xC3\xA4t,availability\n"
                          "a,information,HOCH,sehr hoch,normal\n",
                          "", scheme::preset("de-bsi-200-2"));
  CHECK(bsi.at("a").own == classification{1, 2, 0});
  auto fips = io::read_csv("id,kind,confidentiality,I,A\nweb,information,Moderate,high,LOW\n", "",
                           scheme::preset("us-fips-199"));
  CHECK(fips.at("web").own == classification{1, 2, 0});
  io::csv_options opt;
  opt.columns = {{"Informationsmängd", "id"}, {"Ansvarig", "owner"}, {"Kommentar", "attribute:Kommentar"}};
  auto mapped =
      io::read_csv("Informationsm\xC3\xA4ngd,kind,ANSVARIG,Kommentar\nx,information,Kansliet,\"Se bilaga; 2\"\n", "",
                   klassa(), {}, opt);
  CHECK(mapped.at("x").owner == "Kansliet");
  CHECK(mapped.at("x").attributes.at("Kommentar") == "\"Se bilaga; 2\"");
  // Without the mapping the unknown column is an error that says how to keep it.
  CHECK_THROWS_WITH_AS(
      (void)io::read_csv("id,kind,Kommentar\nx,information,y\n", "", klassa(), {}, {}, "inventarie.csv"),
      doctest::Contains("inventarie.csv:1: column 'Kommentar': unknown column"), model_error);
  CHECK_THROWS_WITH_AS((void)io::read_csv("id,kind,Kommentar\nx,information,y\n", "", klassa()),
                       doctest::Contains("--columns 'Kommentar=attribute:Kommentar'"), model_error);
  // A level name in the error's list, the column by its header.
  CHECK_THROWS_WITH_AS((void)io::read_csv("id;kind;K;R;T;S\na;information;1;1;1;\nb;information;1;1;1;5\n", "",
                                          klassa(), {}, {}, "mina tillgångar.csv"),
                       doctest::Contains("mina tillgångar.csv:3: column 'S': '5' is not a level of property S"),
                       model_error);
}

TEST_CASE("csv: --excel export is UTF-8 with BOM, semicolons and CRLF, and reads back") {
  auto m = io::read_csv(swedish_assets, swedish_deps, klassa());
  const auto files = io::write_csv(m, ';', true);
  CHECK(files.assets.substr(0, 3) == "\xEF\xBB\xBF");
  CHECK(files.dependencies.substr(0, 3) == "\xEF\xBB\xBF");
  CHECK(files.assets.find("id;kind;name;owner;K;R;T;S") == 3);
  CHECK(files.assets.find("\r\n") != std::string::npos);
  CHECK(files.assets.find("srv 01;server") != std::string::npos);
  CHECK(io::read_csv(files.assets, files.dependencies, klassa()) == m);
}

TEST_CASE("property: CSV read as it is lexed gives the model of the parsed table and of the values written") {
  // Random tables of names with quotes, delimiters, CR LF and LF inside
  // quoted fields, written under RFC 4180 with random quoting, blank lines
  // and line ends; read by read_csv (a row at a time, cells viewing the
  // text or, with doubled quotes, a copy for the row) and by read_tables
  // over parse_csv's table. Both equal the model of the values written; cut
  // short, both refuse the text alike or read the same model.
  std::mt19937 rng(2026);
  const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const std::vector<std::string> alphabet{"a", "b", " ", "\"", "\"", ",", ";", "\t", "\n", "\r", "\xC3\xA5", "x"};
  const auto value = [&](std::size_t max_length) {
    std::string v;
    const std::size_t length = pick(max_length + 1);
    for (std::size_t i = 0; i < length; ++i) {
      v += alphabet[pick(alphabet.size())];
    }
    return v;
  };
  std::size_t escaped_rows = 0;
  std::size_t cut_refused = 0;
  for (int round = 0; round < 300; ++round) {
    const char delim = std::string(",;\t")[pick(3)];
    const auto field = [&](const std::string& v) {
      const bool needs = v.find_first_of(std::string("\"\n\r") + delim) != std::string::npos;
      if (!needs && pick(3) != 0) {
        return v;
      }
      std::string q = "\"";
      for (char c : v) {
        q += c == '"' ? std::string("\"\"") : std::string(1, c);
      }
      return q + "\"";
    };
    const auto line_end = [&] { return pick(2) == 0 ? std::string("\n") : std::string("\r\n"); };
    model expected(klassa());
    std::string text = std::string("id") + delim + "kind" + delim + "name" + delim + "owner" + line_end();
    const std::size_t rows = 1 + pick(40);
    for (std::size_t r = 0; r < rows; ++r) {
      if (pick(5) == 0) {
        text += line_end(); // a blank line, skipped
      }
      asset a;
      a.id = "a" + std::to_string(r);
      a.kind = "information";
      // Long names with many quotes in some rows: the row's copy grows while it is read.
      a.name = value(pick(4) == 0 ? 300 : 12);
      a.owner = value(12);
      a.own = classification::none(4);
      escaped_rows += a.name.find('"') != std::string::npos && a.owner.find('"') != std::string::npos ? 1 : 0;
      text += field(a.id) + delim + field(a.kind) + delim + field(a.name) + delim + field(a.owner);
      if (r + 1 < rows || pick(2) == 0) {
        text += line_end();
      }
      expected.add_asset(a);
    }
    io::csv_options opt;
    opt.delimiter = delim; // a tab or ; inside the header line's values cannot mislead detection here
    const auto streamed = io::read_csv(text, "", klassa(), {}, opt);
    CHECK(streamed == expected);
    CHECK(io::read_tables(io::parse_csv(text, "assets.csv", opt), nullptr, klassa(), {}, opt) == expected);
    // Cut short anywhere: the same answer from both ways of reading.
    const std::string cut = text.substr(0, pick(text.size() + 1));
    std::string by_stream;
    std::string by_table;
    std::optional<model> m1;
    std::optional<model> m2;
    try {
      m1 = io::read_csv(cut, "", klassa(), {}, opt);
    } catch (const model_error& e) {
      by_stream = e.what();
    }
    try {
      m2 = io::read_tables(io::parse_csv(cut, "assets.csv", opt), nullptr, klassa(), {}, opt);
    } catch (const model_error& e) {
      by_table = e.what();
    }
    CHECK(by_stream == by_table);
    CHECK(m1.has_value() == m2.has_value());
    if (m1 && m2) {
      CHECK(*m1 == *m2);
    }
    cut_refused += by_stream.empty() ? 0 : 1;
  }
  CHECK(escaped_rows >= 50);
  CHECK(cut_refused >= 20);
}

TEST_CASE("csv: dependencies added a batch at a time name the first bad row, in any batch") {
  // 1,000 assets and 70,000 dependencies: past one batch of the bulk API
  // (65,536 rows). A bad row anywhere is reported with its own line, and
  // before the error of any later row; the file without a bad row gives the
  // model of one add_dependency per row.
  std::string assets = "id,kind\n";
  model expected(klassa());
  for (int i = 0; i < 1000; ++i) {
    const auto id = "a" + std::to_string(i);
    assets += id + ",application\n";
    asset a;
    a.id = id;
    a.kind = "application";
    a.own = classification::none(4);
    expected.add_asset(a);
  }
  std::vector<std::string> rows;
  for (int r = 0; r < 70000; ++r) {
    const int i = r % 1000;
    const int j = (i + 1 + r / 1000) % 1000;
    rows.push_back("a" + std::to_string(i) + ",a" + std::to_string(j) + ",runs_on," +
                   (r % 7 == 0 ? "g" + std::to_string(i) : std::string()));
    expected.add_dependency("a" + std::to_string(i), "a" + std::to_string(j), "runs_on",
                            r % 7 == 0 ? "g" + std::to_string(i) : std::string());
  }
  const auto file = [&](const std::vector<std::string>& rs) {
    std::string out = "from,to,type,group\n";
    for (const auto& r : rs) {
      out += r + "\n";
    }
    return out;
  };
  CHECK(io::read_csv(assets, file(rows), klassa()) == expected);
  const auto error_of = [&](const std::vector<std::string>& rs) {
    try {
      (void)io::read_csv(assets, file(rs), klassa());
    } catch (const model_error& e) {
      return std::string(e.what());
    }
    return std::string("(read)");
  };
  // Row r of `rows` is on line r + 2.
  for (const std::size_t at : {std::size_t{3}, std::size_t{65535}, std::size_t{65536}, std::size_t{69999}}) {
    INFO("row " << at);
    auto unknown = rows;
    unknown[at] = "a1,nope,runs_on,";
    CHECK_MESSAGE(error_of(unknown).find("dependencies.csv:" + std::to_string(at + 2) +
                                         ": a1 -> nope: unknown asset 'nope'") != std::string::npos,
                  error_of(unknown));
    auto repeated = rows;
    repeated[at] = rows[at > 10 ? at - 10 : 0];
    if (at <= 10) {
      repeated[at] = rows[at + 1];
    }
    const auto line = at <= 10 ? at + 2 + 1 : at + 2; // the second of the two equal rows
    CHECK_MESSAGE(error_of(repeated).find("dependencies.csv:" + std::to_string(line) + ": ") != std::string::npos,
                  error_of(repeated));
    CHECK_MESSAGE(error_of(repeated).find("repeated dependency of type 'runs_on'") != std::string::npos,
                  error_of(repeated));
    // A repeated row, then an unknown asset on the next line: the repeat is reported.
    if (at + 1 < rows.size() && at > 10) {
      auto both = repeated;
      both[at + 1] = "a2,nope,runs_on,";
      CHECK_MESSAGE(error_of(both).find("dependencies.csv:" + std::to_string(at + 2) + ": ") != std::string::npos,
                    error_of(both));
    }
    auto self = rows;
    self[at] = "a5,a5,runs_on,";
    CHECK_MESSAGE(error_of(self).find("dependencies.csv:" + std::to_string(at + 2) +
                                      ": a5 -> a5: a dependency of an asset on itself") != std::string::npos,
                  error_of(self));
  }
}
