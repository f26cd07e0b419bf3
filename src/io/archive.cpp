// SPDX-License-Identifier: Apache-2.0
// Archives: the envelope and the assessment's save/load (see io/archive.hpp).
#include "infoclass/io/archive.hpp"

#include "io/serialize.hpp"

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/archive/text_iarchive.hpp>
#include <boost/archive/text_oarchive.hpp>
#include <boost/archive/xml_iarchive.hpp>
#include <boost/archive/xml_oarchive.hpp>

// XXH3 (Debian's libxxhash-dev), inlined: nothing to link.
#define XXH_INLINE_ALL
#include <xxhash.h>
// The checksum is stored in files: XXH3's output is fixed from xxHash 0.8.0 on.
static_assert(XXH_VERSION_NUMBER >= 800, "archives need xxHash 0.8.0 or later (libxxhash-dev)");

#include "infoclass/version.hpp"
#include <cctype>
#include <cstring>
#include <set>
#include <sstream>
#include <streambuf>

namespace infoclass::inline INFOCLASS_ABI {

using boost::serialization::make_nvp;
using detail::slevel;

template <class Archive> void assessment::save(Archive& ar, unsigned) const {
  namespace icd = infoclass::detail;
  if (!snap_) {
    throw error("archive: cannot save an empty assessment");
  }
  // Saving does not modify: the helpers take references for both directions.
  auto& s = const_cast<detail::snapshot&>(*snap_);
  auto& self = const_cast<assessment&>(*this);
  scheme sch = *s.scheme_ptr;
  ar << make_nvp(::infoclass::detail::tag<"scheme">(), sch);
  ar << make_nvp(::infoclass::detail::tag<"n">(), s.n) << make_nvp(::infoclass::detail::tag<"P">(), s.P);
  {
    std::vector<std::string> ids;
    ids.reserve(s.n);
    for (std::uint32_t v = 0; v < s.n; ++v) {
      ids.emplace_back((*s.ids)[v]);
    }
    icd::strings(ar, ids);
  }
  icd::strings(ar, s.kind_names);
  ar << make_nvp(::infoclass::detail::tag<"information_kind">(), s.information_kind);
  icd::pod_vector(ar, s.floor);
  icd::pod_vector(ar, s.top);
  icd::pod_vector(ar, s.in_off);
  icd::pod_vector(ar, s.in_src);
  icd::pod_vector(ar, s.in_code);
  icd::pod_vector(ar, s.out_off);
  icd::pod_vector(ar, s.out_dst);
  icd::pod_vector(ar, s.out_in);
  icd::strings(ar, s.type_names);
  std::vector<slevel> lut;
  for (const auto& table : s.lut) {
    for (const auto& row : table) {
      lut.insert(lut.end(), row.begin(), row.end());
    }
  }
  icd::pod_vector(ar, lut);
  std::vector<std::uint32_t> cum; // (slot, rule, at_least, threshold, yields) per rule
  for (std::size_t i = 0; i < s.cum.size(); ++i) {
    for (const auto& r : s.cum[i]) {
      cum.insert(cum.end(), {static_cast<std::uint32_t>(i), r.rule, r.at_least, r.threshold, r.yields});
    }
  }
  icd::pod_vector(ar, cum);
  icd::pod_vector(ar, self.values_.kind);
  icd::pod_vector(ar, self.values_.own);
  icd::pod_vector(ar, self.values_.ovr);
  icd::pod_vector(ar, self.values_.ovr_effect);
  icd::pod_vector(ar, self.derived_);
  icd::pod_vector(ar, self.effective_);
  icd::pod_vector(ar, self.cause_kind_);
  icd::pod_vector(ar, self.cause_ref_);
  // Version 2: the redundancy groups with a spare that causes name.
  std::vector<std::string> group_names;
  std::vector<std::uint32_t> group_counts; // need, members per group
  for (const auto& g : s.groups) {
    group_names.push_back(g.name);
    group_counts.insert(group_counts.end(), {g.need, g.members});
  }
  icd::strings(ar, group_names);
  icd::pod_vector(ar, group_counts);
  icd::pod_vector(ar, s.group_edges);
  icd::pod_vector(ar, s.group_of);
}

template <class Archive> void assessment::load(Archive& ar, unsigned version) {
  auto bad = [](const std::string& why) { throw error("archive: invalid assessment: " + why); };
  scheme sch;
  ar >> make_nvp(::infoclass::detail::tag<"scheme">(), sch);
  try {
    sch.validate();
  } catch (const model_error& e) {
    bad(e.what());
  }
  auto s = std::make_shared<detail::snapshot>();
  const auto& presets = scheme::preset_ids();
  if (std::find(presets.begin(), presets.end(), sch.id) != presets.end() && *scheme::preset(sch.id) == sch) {
    s->scheme_ptr = scheme::preset(sch.id);
  } else {
    s->scheme_ptr = std::make_shared<const scheme>(sch);
  }
  namespace icd = infoclass::detail;
  ar >> make_nvp(::infoclass::detail::tag<"n">(), s->n) >> make_nvp(::infoclass::detail::tag<"P">(), s->P);
  const std::uint32_t n = s->n;
  const std::uint32_t P = s->P;
  if (P != sch.size()) {
    bad("property count differs from the scheme");
  }
  if (n > detail::archive_max_assets) {
    throw model_error("archive", std::to_string(n) + " assets exceed the limit of " +
                                     std::to_string(detail::archive_max_assets) + " (read_limits::max_assets)");
  }
  std::vector<std::string> ids;
  icd::strings(ar, ids);
  icd::strings(ar, s->kind_names);
  ar >> make_nvp(::infoclass::detail::tag<"information_kind">(), s->information_kind);
  icd::pod_vector(ar, s->floor);
  icd::pod_vector(ar, s->top);
  icd::pod_vector(ar, s->in_off);
  icd::pod_vector(ar, s->in_src);
  icd::pod_vector(ar, s->in_code);
  icd::pod_vector(ar, s->out_off);
  icd::pod_vector(ar, s->out_dst);
  icd::pod_vector(ar, s->out_in);
  icd::strings(ar, s->type_names);
  std::vector<slevel> lut;
  icd::pod_vector(ar, lut);
  std::vector<std::uint32_t> cum;
  icd::pod_vector(ar, cum);
  detail::asset_values vals;
  icd::pod_vector(ar, vals.kind);
  icd::pod_vector(ar, vals.own);
  icd::pod_vector(ar, vals.ovr);
  icd::pod_vector(ar, vals.ovr_effect);
  std::vector<slevel> der;
  std::vector<slevel> eff;
  std::vector<std::uint8_t> ck;
  std::vector<std::uint32_t> cr;
  icd::pod_vector(ar, der);
  icd::pod_vector(ar, eff);
  icd::pod_vector(ar, ck);
  icd::pod_vector(ar, cr);
  if (version >= 2) {
    std::vector<std::string> group_names;
    std::vector<std::uint32_t> group_counts;
    icd::strings(ar, group_names);
    icd::pod_vector(ar, group_counts);
    icd::pod_vector(ar, s->group_edges);
    icd::pod_vector(ar, s->group_of);
    if (group_counts.size() != 2 * group_names.size() || s->group_edges.size() != s->group_of.size() ||
        !std::is_sorted(s->group_edges.begin(), s->group_edges.end())) {
      bad("redundancy groups");
    }
    for (std::size_t i = 0; i < group_names.size(); ++i) {
      s->groups.push_back({std::move(group_names[i]), group_counts[2 * i], group_counts[2 * i + 1]});
    }
    for (const auto& g : s->groups) {
      if (g.need < 1 || g.members <= g.need) { // named groups have a spare
        bad("redundancy groups");
      }
    }
    for (std::size_t i = 0; i < s->group_of.size(); ++i) {
      if (s->group_of[i] >= s->groups.size() || s->group_edges[i] >= s->in_src.size() ||
          s->group_edges[i] >= s->in_code.size() || (i > 0 && s->group_edges[i - 1] == s->group_edges[i]) ||
          (s->in_code[s->group_edges[i]] & 1U) == 0) {
        bad("redundancy groups");
      }
    }
  }

  // Validate everything the engine and the queries index with.
  const std::size_t NP = std::size_t{n} * P;
  const std::size_t K = s->kind_names.size();
  if (ids.size() != n || K == 0 || K > 0xFFFF || s->information_kind >= K) {
    bad("asset or kind table");
  }
  if (s->top.size() != P) {
    bad("scale table");
  }
  for (std::uint32_t p = 0; p < P; ++p) {
    if (s->top[p] != sch.levels(p)) {
      bad("scale table");
    }
  }
  auto check_levels = [&](const std::vector<slevel>& v, std::size_t rows, bool allow_na) {
    if (v.size() != rows * P) {
      bad("level array size");
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i] > s->top[i % P] && !(allow_na && v[i] == 0xFF)) {
        bad("level out of range");
      }
    }
  };
  check_levels(s->floor, K, false);
  check_levels(vals.own, n, true);
  check_levels(vals.ovr, n, false);
  check_levels(der, n, false);
  check_levels(eff, n, false);
  const std::size_t E = s->in_src.size();
  auto check_csr = [&](const std::vector<std::uint32_t>& off) {
    if (off.size() != std::size_t{n} + 1 || off[0] != 0 || off[n] != E) {
      bad("offsets");
    }
    for (std::uint32_t v = 0; v < n; ++v) {
      if (off[v] > off[v + 1]) {
        bad("offsets");
      }
    }
  };
  check_csr(s->in_off);
  check_csr(s->out_off);
  if (s->in_code.size() != E || s->out_dst.size() != E || s->out_in.size() != E) {
    bad("edge arrays");
  }
  if (s->type_names.empty() || lut.size() != s->type_names.size() * 2 * max_properties * detail::lut_width) {
    bad("transfer tables");
  }
  for (std::size_t e = 0; e < E; ++e) {
    if (s->in_src[e] >= n || s->out_dst[e] >= n || s->out_in[e] >= E || s->in_code[e] >= s->type_names.size() * 2) {
      bad("edge index out of range");
    }
  }
  // The out-edges mirror the in-edges (a full run and the updates read both):
  // each names an in-edge from its own source into its own target, none
  // twice, so that every in-edge is one out-edge. O(E); in range by now.
  {
    std::vector<std::uint32_t> target_of(E);
    for (std::uint32_t v = 0; v < n; ++v) {
      std::fill(target_of.begin() + s->in_off[v], target_of.begin() + s->in_off[v + 1], v);
    }
    std::vector<bool> named(E, false);
    for (std::uint32_t u = 0; u < n; ++u) {
      for (std::uint32_t o = s->out_off[u]; o < s->out_off[u + 1]; ++o) {
        const std::uint32_t i = s->out_in[o];
        if (s->in_src[i] != u || target_of[i] != s->out_dst[o] || named[i]) {
          bad("the out-edges do not mirror the in-edges (out-edge " + std::to_string(o) + " of asset " +
              std::to_string(u) + ")");
        }
        named[i] = true;
      }
    }
  }
  s->lut.resize(s->type_names.size() * 2);
  std::size_t k = 0;
  for (auto& table : s->lut) {
    for (std::size_t p = 0; p < max_properties; ++p) {
      for (std::size_t l = 0; l < detail::lut_width; ++l, ++k) {
        if (lut[k] >= detail::lut_width || (p < P && l <= s->top[p] && lut[k] > s->top[p])) {
          bad("transfer table value");
        }
        table[p][l] = lut[k];
      }
    }
  }
  if (cum.size() % 5 != 0) {
    bad("cumulation table");
  }
  s->cum.assign(K * P, {});
  for (std::size_t i = 0; i < cum.size(); i += 5) {
    if (cum[i] >= K * P || cum[i + 3] > s->top[cum[i] % P] || cum[i + 4] > s->top[cum[i] % P]) {
      bad("cumulation table");
    }
    s->cum[cum[i]].push_back(
        {cum[i + 1], cum[i + 2], static_cast<slevel>(cum[i + 3]), static_cast<slevel>(cum[i + 4])});
  }
  if (vals.kind.size() != n || vals.ovr_effect.size() != NP || ck.size() != NP || cr.size() != NP) {
    bad("per-asset arrays");
  }
  for (std::uint32_t v = 0; v < n; ++v) {
    if (vals.kind[v] >= K) {
      bad("kind index");
    }
    for (std::uint32_t p = 0; p < P; ++p) {
      const std::size_t i = std::size_t{v} * P + p;
      if (vals.ovr_effect[i] > static_cast<std::uint8_t>(override_effect::manual) ||
          ck[i] > static_cast<std::uint8_t>(cause_kind::edge)) {
        bad("cause or effect");
      }
      if (ck[i] == static_cast<std::uint8_t>(cause_kind::edge) && (cr[i] < s->in_off[v] || cr[i] >= s->in_off[v + 1])) {
        bad("cause names an edge that does not enter its asset");
      }
    }
  }
  auto table = std::make_shared<detail::id_table>();
  table->reserve(n, 0);
  for (std::uint32_t v = 0; v < n; ++v) {
    if (!table->push_back(ids[v])) {
      bad("duplicate asset id");
    }
  }
  s->ids = std::move(table);
  snap_ = std::move(s);
  values_ = std::move(vals);
  derived_ = std::move(der);
  effective_ = std::move(eff);
  cause_kind_ = std::move(ck);
  cause_ref_ = std::move(cr);
}

} // namespace infoclass::inline INFOCLASS_ABI

namespace infoclass::inline INFOCLASS_ABI::io {

namespace {

constexpr char magic[8] = {'I', 'N', 'F', 'O', 'C', 'L', 'A', 'S'};
constexpr std::size_t header_size = 8 + 4 + 1 + 1 + 2 + 8 + 8;
enum class content : std::uint8_t { model = 1, assessment = 2 };

// The checksum of envelope version 1: FNV-1a 64, a byte at a time (about
// 1.1 ns per byte here: 116 ms of a 106 MB archive's load).
std::uint64_t fnv1a(std::string_view data) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

// The checksum of envelope version 2: XXH3 64 (seed 0), as `xxhsum -H3`
// prints it (about 4.5 ms for the same 106 MB).
std::uint64_t xxh3(std::string_view data) { return XXH3_64bits(data.data(), data.size()); }

std::uint64_t checksum(std::uint64_t envelope_version, std::string_view body) {
  return envelope_version == 1 ? fnv1a(body) : xxh3(body);
}

void put(std::string& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) {
    out += static_cast<char>((v >> (8 * i)) & 0xFF);
  }
}

std::uint64_t get(std::string_view in, std::size_t pos, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) {
    v |= std::uint64_t{static_cast<unsigned char>(in[pos + static_cast<std::size_t>(i)])} << (8 * i);
  }
  return v;
}

template <class T> std::string payload(const T& value, archive_format f) {
  std::ostringstream os(std::ios::binary);
  {
    switch (f) {
    case archive_format::binary: {
      boost::archive::binary_oarchive ar(os);
      ar << boost::serialization::make_nvp(::infoclass::detail::tag<"infoclass">(), value);
      break;
    }
    case archive_format::text: {
      boost::archive::text_oarchive ar(os);
      ar << boost::serialization::make_nvp(::infoclass::detail::tag<"infoclass">(), value);
      break;
    }
    case archive_format::xml: {
      boost::archive::xml_oarchive ar(os);
      ar << boost::serialization::make_nvp(::infoclass::detail::tag<"infoclass">(), value);
      break;
    }
    }
  }
  return os.str();
}

std::string wrap(content c, archive_format f, const std::string& body) {
  std::string out(magic, sizeof magic);
  put(out, archive_envelope_version, 4);
  put(out, static_cast<std::uint8_t>(c), 1);
  put(out, static_cast<std::uint8_t>(f), 1);
  put(out, 0, 2);
  put(out, body.size(), 8);
  put(out, checksum(archive_envelope_version, body), 8);
  return out + body;
}

std::pair<archive_format, std::string_view> unwrap(std::string_view bytes, content want) {
  auto bad = [](const std::string& why) { throw model_error("archive", why); };
  if (bytes.size() < header_size || std::memcmp(bytes.data(), magic, sizeof magic) != 0) {
    bad(bytes.size() < header_size && !bytes.empty() &&
                std::memcmp(bytes.data(), magic, std::min(bytes.size(), sizeof magic)) == 0
            ? "truncated header"
            : "not an infoclass archive (bad magic)");
  }
  auto version = get(bytes, 8, 4);
  if (version < 1 || version > archive_envelope_version) {
    bad("envelope version " + std::to_string(version) + " is not supported (this release reads 1 to " +
        std::to_string(archive_envelope_version) + ")");
  }
  auto c = get(bytes, 12, 1);
  if (c != static_cast<std::uint8_t>(want)) {
    bad(c == static_cast<std::uint8_t>(content::model)        ? "holds a model, not an assessment"
        : c == static_cast<std::uint8_t>(content::assessment) ? "holds an assessment, not a model"
                                                              : "unknown content kind");
  }
  auto f = get(bytes, 13, 1);
  if (f < 1 || f > 3) {
    bad("unknown archive format " + std::to_string(f));
  }
  auto len = get(bytes, 16, 8);
  if (len != bytes.size() - header_size) {
    bad("payload length " + std::to_string(len) + " does not match the " + std::to_string(bytes.size() - header_size) +
        " bytes present (truncated or padded)");
  }
  auto body = bytes.substr(header_size);
  if (get(bytes, 24, 8) != checksum(version, body)) {
    bad("checksum mismatch (corrupt)");
  }
  return {static_cast<archive_format>(f), body};
}

// Bounds every element count to the payload size while loading.
struct budget_guard {
  budget_guard(std::uint64_t bytes, const read_limits& limits)
      : saved(detail::archive_budget), assets(detail::archive_max_assets),
        dependencies(detail::archive_max_dependencies) {
    detail::archive_budget = bytes;
    detail::archive_max_assets = limits.max_assets;
    detail::archive_max_dependencies = limits.max_dependencies;
  }
  ~budget_guard() {
    detail::archive_budget = saved;
    detail::archive_max_assets = assets;
    detail::archive_max_dependencies = dependencies;
  }
  budget_guard(const budget_guard&) = delete;
  budget_guard& operator=(const budget_guard&) = delete;
  std::uint64_t saved;
  std::uint64_t assets;
  std::uint64_t dependencies;
};

// Boost.Serialization library versions up to 6 read internal flags as bool
// from the bytes of a binary archive (undefined behaviour for other values);
// every archive infoclass writes has a later version.
void check_library_version(const boost::serialization::library_version_type& v) {
  const std::uint16_t number = v;
  if (number < 7) {
    throw model_error("archive", "written by Boost.Serialization library version " + std::to_string(number) +
                                     "; this release reads 7 and later");
  }
}

// Boost reads the archive's signature with a length taken from the input and
// allocates that much before checking anything; check the fixed header first.
void check_boost_header(archive_format f, std::string_view body) {
  static constexpr std::string_view sig = "serialization::archive";
  bool ok = true;
  if (f == archive_format::binary) {
    ok = body.size() >= 8 + sig.size() && get(body, 0, 8) == sig.size() && body.substr(8, sig.size()) == sig;
  } else if (f == archive_format::text) {
    ok = body.substr(0, 3 + sig.size()) == "22 serialization::archive";
  } else {
    // Boost 1.74's XML loader compares an end tag with the expected name by
    // reading as many bytes as the tag in the input has, past the end of a
    // shorter expected name: only the element names infoclass writes pass.
    static const std::set<std::string_view> names{"P",           "allows_not_applicable",
                                                  "asset",       "assets",
                                                  "at_least",    "boost_serialization",
                                                  "count",       "dependencies",
                                                  "effect",      "from",
                                                  "has_answers", "has_redundancy",
                                                  "infoclass",   "information_kind",
                                                  "item",        "level",
                                                  "n",           "op",
                                                  "own",         "policy",
                                                  "role",        "scheme",
                                                  "set",         "size",
                                                  "to",          "value"};
    for (std::size_t i = body.find('<'); ok && i != std::string_view::npos; i = body.find('<', i + 1)) {
      std::size_t b = i + 1;
      if (b < body.size() && (body[b] == '?' || body[b] == '!')) {
        continue;
      }
      if (b < body.size() && body[b] == '/') {
        ++b;
      }
      std::size_t e = b;
      while (e < body.size() && (std::isalnum(static_cast<unsigned char>(body[e])) != 0 || body[e] == '_')) {
        ++e;
      }
      ok = names.count(body.substr(b, e - b)) != 0;
    }
  }
  if (!ok) {
    throw model_error("archive", "invalid content: not a Boost.Serialization archive header");
  }
}

// An input stream buffer over bytes the caller keeps (no copy of the payload:
// a large one is a good part of a load where first touches of memory are slow).
class view_buffer : public std::streambuf {
public:
  explicit view_buffer(std::string_view bytes) {
    // The get area is only read (no putback writes: pbackfail is not overridden).
    char* first = const_cast<char*>(bytes.data()); // NOLINT(cppcoreguidelines-pro-type-const-cast)
    setg(first, first, first + bytes.size());
  }
};

template <class T> T read_payload(archive_format f, std::string_view body, const read_limits& limits) {
  check_boost_header(f, body);
  budget_guard guard(body.size(), limits);
  T value;
  view_buffer buffer(body);
  std::istream is(&buffer);
  try {
    switch (f) {
    case archive_format::binary: {
      boost::archive::binary_iarchive ar(is);
      check_library_version(ar.get_library_version());
      ar >> boost::serialization::make_nvp(::infoclass::detail::tag<"infoclass">(), value);
      break;
    }
    case archive_format::text: {
      boost::archive::text_iarchive ar(is);
      check_library_version(ar.get_library_version());
      ar >> boost::serialization::make_nvp(::infoclass::detail::tag<"infoclass">(), value);
      break;
    }
    case archive_format::xml: {
      boost::archive::xml_iarchive ar(is);
      check_library_version(ar.get_library_version());
      ar >> boost::serialization::make_nvp(::infoclass::detail::tag<"infoclass">(), value);
      break;
    }
    }
  } catch (const model_error& e) {
    throw model_error("archive", std::string("invalid content: ") + e.what());
  } catch (const error& e) {
    throw model_error("archive", e.what());
  } catch (const std::bad_alloc&) {
    throw; // out of memory is not a bad archive
  } catch (const std::exception& e) {
    throw model_error("archive", std::string("cannot read: ") + e.what());
  }
  return value;
}

} // namespace

std::string save_archive(const model& m, archive_format f) { return wrap(content::model, f, payload(m, f)); }

std::string save_archive(const assessment& a, archive_format f) { return wrap(content::assessment, f, payload(a, f)); }

namespace {
void check_size(std::string_view bytes, const read_limits& limits) {
  if (bytes.size() > limits.max_bytes) {
    throw model_error("archive", std::to_string(bytes.size()) + " bytes exceed the limit of " +
                                     std::to_string(limits.max_bytes) + " (read_limits::max_bytes)");
  }
}
} // namespace

model load_model_archive(std::string_view bytes, const read_limits& limits) {
  check_size(bytes, limits);
  auto [f, body] = unwrap(bytes, content::model);
  return read_payload<model>(f, body, limits);
}

assessment load_assessment_archive(std::string_view bytes, const read_limits& limits) {
  check_size(bytes, limits);
  auto [f, body] = unwrap(bytes, content::assessment);
  return read_payload<assessment>(f, body, limits);
}

} // namespace infoclass::inline INFOCLASS_ABI::io
