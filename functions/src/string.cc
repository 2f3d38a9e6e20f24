// PostgreSQL 15's string functions and operators over text and bytea.
//
// text, varchar, bpchar and bytea values are plain byte strings (types/type.h);
// text is valid UTF-8 (the input functions check it), and every function that
// PostgreSQL defines in characters counts UTF-8 characters here. The database
// collation is C: case mapping and character classes are ASCII-only, as in a
// PostgreSQL database created with LC_CTYPE=C.
//
// Regular expressions run on glibc's POSIX ERE engine (<regex.h>), not on
// PostgreSQL's ARE engine; RegexEngine below says what is translated and
// what differs.
#include <locale.h>
#include <openssl/evp.h>
#include <regex.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/error.h"
#include "common/status_macros.h"
#include "functions/registry.h"
#include "types/format.h"

namespace freshet::functions {
namespace {

using types::Datum;
using types::Type;
using types::TypeId;

// PostgreSQL's MaxAllocSize: no single value may be larger than 1 GB - 1.
constexpr int64_t kMaxAllocSize = 0x3fffffff;
// PostgreSQL's varlena header, counted in its size checks.
constexpr int64_t kVarHdrSz = 4;
// pg_database_encoding_max_length() for UTF-8.
constexpr int64_t kMaxCharBytes = 4;

constexpr char kSubstringError[] = "22011";    // ERRCODE_SUBSTRING_ERROR
constexpr char kArraySubscriptError[] = "2202E";  // ERRCODE_ARRAY_SUBSCRIPT_ERROR
constexpr char kInvalidRegularExpression[] = "2201B";

Datum Text(std::string s) { return Datum::FromString(std::move(s)); }
Datum Int(int64_t v) { return Datum::FromInt(v); }
Datum Bool(bool b) { return Datum::FromBool(b); }

// Debian's absl::string_view is not std::string_view.
absl::string_view AV(std::string_view s) { return absl::string_view(s.data(), s.size()); }

std::string_view Str(const Args& a, size_t i) { return a[i].as_string(); }
int64_t IntArg(const Args& a, size_t i) { return a[i].as_int(); }

absl::Status LengthTooLarge() {
  return Error(sqlstate::kProgramLimitExceeded, "requested length too large");
}

// ---------------------------------------------------------------------------
// UTF-8 characters.

// The byte length of the character starting at p, by its lead byte, as
// pg_utf_mblen; never past `end`.
size_t MbLen(const char* p, const char* end) {
  auto c = static_cast<unsigned char>(*p);
  size_t n = 1;
  if ((c & 0xe0) == 0xc0) {
    n = 2;
  } else if ((c & 0xf0) == 0xe0) {
    n = 3;
  } else if ((c & 0xf8) == 0xf0) {
    n = 4;
  }
  return std::min(n, static_cast<size_t>(end - p));
}

size_t MbLen(std::string_view s, size_t pos) { return MbLen(s.data() + pos, s.data() + s.size()); }

int64_t CharCount(std::string_view s) {
  int64_t n = 0;
  for (size_t i = 0; i < s.size(); i += MbLen(s, i)) ++n;
  return n;
}

// The number of bytes of the first `chars` characters (all when fewer).
size_t PrefixBytes(std::string_view s, int64_t chars) {
  size_t i = 0;
  for (int64_t n = 0; n < chars && i < s.size(); ++n) i += MbLen(s, i);
  return i;
}

std::vector<std::string_view> Chars(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < s.size();) {
    size_t n = MbLen(s, i);
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

// The code point of the character at the start of s (s non-empty).
uint32_t DecodeUtf8(std::string_view s) {
  size_t n = MbLen(s, 0);
  auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(s[i])); };
  switch (n) {
    case 2: return ((b(0) & 0x1f) << 6) | (b(1) & 0x3f);
    case 3: return ((b(0) & 0x0f) << 12) | ((b(1) & 0x3f) << 6) | (b(2) & 0x3f);
    case 4: return ((b(0) & 0x07) << 18) | ((b(1) & 0x3f) << 12) | ((b(2) & 0x3f) << 6) | (b(3) & 0x3f);
    default: return b(0);
  }
}

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

// char(n) values keep their padding; PostgreSQL ignores it in lengths and
// drops it in the cast to text.
std::string_view StripTrailingSpaces(std::string_view s) {
  size_t end = s.size();
  while (end > 0 && s[end - 1] == ' ') --end;
  return s.substr(0, end);
}

// ---------------------------------------------------------------------------
// Lengths and case.

absl::StatusOr<Datum> TextLength(const Args& a) { return Int(CharCount(Str(a, 0))); }
absl::StatusOr<Datum> BpcharLength(const Args& a) { return Int(CharCount(StripTrailingSpaces(Str(a, 0)))); }
absl::StatusOr<Datum> OctetLength(const Args& a) { return Int(static_cast<int64_t>(Str(a, 0).size())); }
absl::StatusOr<Datum> BitLength(const Args& a) { return Int(8 * static_cast<int64_t>(Str(a, 0).size())); }

absl::StatusOr<Datum> Lower(const Args& a) {
  std::string s(Str(a, 0));
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return Text(std::move(s));
}

absl::StatusOr<Datum> Upper(const Args& a) {
  std::string s(Str(a, 0));
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return Text(std::move(s));
}

// Under the C collation a word is a run of ASCII letters and digits; every
// other byte (a non-ASCII character's too) starts a new word.
absl::StatusOr<Datum> Initcap(const Args& a) {
  std::string s(Str(a, 0));
  bool in_word = false;
  for (char& c : s) {
    if (in_word) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    } else {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    in_word = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
  return Text(std::move(s));
}

// ---------------------------------------------------------------------------
// Substrings.

// The units [start, start + len) of a string of `size` units, 1-based, as
// PostgreSQL's text_substring / bytea_substring: positions before 1 are
// clipped, a negative length is an error, no length means "to the end".
// Returns {first unit (0-based), unit count}.
absl::StatusOr<std::pair<int64_t, int64_t>> SubstringRange(int64_t size, int64_t start,
                                                           std::optional<int64_t> len) {
  if (len && *len < 0) return Error(kSubstringError, "negative substring length not allowed");
  int64_t from = std::max<int64_t>(start, 1);
  int64_t end = len ? start + *len : size + 1;  // exclusive, 1-based
  end = std::min(end, size + 1);
  if (end <= from || from > size) return std::pair<int64_t, int64_t>{0, 0};
  return std::pair<int64_t, int64_t>{from - 1, end - from};
}

absl::StatusOr<std::string> TextSubstring(std::string_view s, int64_t start, std::optional<int64_t> len) {
  auto range = SubstringRange(std::numeric_limits<int32_t>::max(), start, len);
  if (!range.ok()) return range.status();
  size_t from = PrefixBytes(s, range->first);
  size_t to = from + PrefixBytes(s.substr(from), range->second);
  return std::string(s.substr(from, to - from));
}

absl::StatusOr<Datum> Substr(const Args& a) {
  std::optional<int64_t> len;
  if (a.size > 2) len = IntArg(a, 2);
  auto r = TextSubstring(Str(a, 0), IntArg(a, 1), len);
  if (!r.ok()) return r.status();
  return Text(*std::move(r));
}

absl::StatusOr<Datum> ByteaSubstr(const Args& a) {
  std::string_view s = Str(a, 0);
  std::optional<int64_t> len;
  if (a.size > 2) len = IntArg(a, 2);
  auto range = SubstringRange(static_cast<int64_t>(s.size()), IntArg(a, 1), len);
  if (!range.ok()) return range.status();
  return Text(std::string(s.substr(static_cast<size_t>(range->first), static_cast<size_t>(range->second))));
}

absl::StatusOr<Datum> Left(const Args& a) {
  std::string_view s = Str(a, 0);
  int64_t n = IntArg(a, 1);
  if (n < 0) n = std::max<int64_t>(CharCount(s) + n, 0);
  return Text(std::string(s.substr(0, PrefixBytes(s, n))));
}

absl::StatusOr<Datum> Right(const Args& a) {
  std::string_view s = Str(a, 0);
  int64_t n = IntArg(a, 1);
  int64_t skip = n < 0 ? -n : std::max<int64_t>(CharCount(s) - n, 0);
  return Text(std::string(s.substr(PrefixBytes(s, skip))));
}

// overlay(s placing r from start [for count]) = substr(s, 1, start - 1) || r
// || substr(s, start + count).
absl::StatusOr<std::string> Overlay(std::string_view s, std::string_view r, int64_t start, int64_t count,
                                    bool bytes) {
  if (start <= 0) return Error(kSubstringError, "negative substring length not allowed");
  int64_t rest = start + count;
  if (rest > std::numeric_limits<int32_t>::max() || rest < std::numeric_limits<int32_t>::min()) {
    return Error(sqlstate::kNumericValueOutOfRange, "integer out of range");
  }
  std::string out;
  if (bytes) {
    out.append(s.substr(0, std::min<size_t>(static_cast<size_t>(start - 1), s.size())));
    out.append(r);
    if (rest < 1) rest = 1;
    if (static_cast<size_t>(rest - 1) < s.size()) out.append(s.substr(static_cast<size_t>(rest - 1)));
    return out;
  }
  out.append(s.substr(0, PrefixBytes(s, start - 1)));
  out.append(r);
  if (rest < 1) rest = 1;
  out.append(s.substr(PrefixBytes(s, rest - 1)));
  return out;
}

absl::StatusOr<Datum> TextOverlay(const Args& a) {
  int64_t count = a.size > 3 ? IntArg(a, 3) : CharCount(Str(a, 1));
  auto r = Overlay(Str(a, 0), Str(a, 1), IntArg(a, 2), count, false);
  if (!r.ok()) return r.status();
  return Text(*std::move(r));
}

absl::StatusOr<Datum> ByteaOverlay(const Args& a) {
  int64_t count = a.size > 3 ? IntArg(a, 3) : static_cast<int64_t>(Str(a, 1).size());
  auto r = Overlay(Str(a, 0), Str(a, 1), IntArg(a, 2), count, true);
  if (!r.ok()) return r.status();
  return Text(*std::move(r));
}

// ---------------------------------------------------------------------------
// Searching and replacing.

// position(haystack, needle) / strpos: the 1-based character position of the
// first occurrence, 0 when absent, 1 for an empty needle. UTF-8 is
// self-synchronizing, so a byte match of valid UTF-8 is a character match.
absl::StatusOr<Datum> TextPosition(const Args& a) {
  std::string_view s = Str(a, 0), needle = Str(a, 1);
  size_t at = s.find(needle);
  if (at == std::string_view::npos) return Int(0);
  return Int(CharCount(s.substr(0, at)) + 1);
}

absl::StatusOr<Datum> ByteaPosition(const Args& a) {
  std::string_view s = Str(a, 0), needle = Str(a, 1);
  size_t at = s.find(needle);
  return Int(at == std::string_view::npos ? 0 : static_cast<int64_t>(at) + 1);
}

absl::StatusOr<Datum> StartsWith(const Args& a) { return Bool(Str(a, 0).substr(0, Str(a, 1).size()) == Str(a, 1)); }

absl::StatusOr<Datum> Replace(const Args& a) {
  std::string_view s = Str(a, 0), from = Str(a, 1), to = Str(a, 2);
  if (from.empty()) return Text(std::string(s));
  std::string out;
  size_t pos = 0;
  for (size_t at; (at = s.find(from, pos)) != std::string_view::npos; pos = at + from.size()) {
    out.append(s.substr(pos, at - pos));
    out.append(to);
  }
  out.append(s.substr(pos));
  return Text(std::move(out));
}

// Negative field numbers count from the end (PostgreSQL 14+).
absl::StatusOr<Datum> SplitPart(const Args& a) {
  std::string_view s = Str(a, 0), sep = Str(a, 1);
  int64_t field = IntArg(a, 2);
  if (field == 0) return Error(sqlstate::kInvalidParameterValue, "field position must not be zero");
  if (s.empty()) return Text("");
  if (sep.empty()) return Text(field == 1 || field == -1 ? std::string(s) : "");
  std::vector<std::string_view> fields;
  size_t pos = 0;
  for (size_t at; (at = s.find(sep, pos)) != std::string_view::npos; pos = at + sep.size()) {
    fields.push_back(s.substr(pos, at - pos));
  }
  fields.push_back(s.substr(pos));
  int64_t n = static_cast<int64_t>(fields.size());
  int64_t index = field > 0 ? field - 1 : n + field;
  if (index < 0 || index >= n) return Text("");
  return Text(std::string(fields[static_cast<size_t>(index)]));
}

absl::StatusOr<Datum> Translate(const Args& a) {
  std::vector<std::string_view> from = Chars(Str(a, 1)), to = Chars(Str(a, 2));
  std::string out;
  std::string_view s = Str(a, 0);
  for (size_t i = 0; i < s.size();) {
    std::string_view c = s.substr(i, MbLen(s, i));
    i += c.size();
    auto it = std::find(from.begin(), from.end(), c);
    if (it == from.end()) {
      out.append(c);
    } else if (auto k = static_cast<size_t>(it - from.begin()); k < to.size()) {
      out.append(to[k]);
    }
  }
  return Text(std::move(out));
}

// ---------------------------------------------------------------------------
// Building strings.

absl::StatusOr<Datum> TextCat(const Args& a) { return Text(absl::StrCat(AV(Str(a, 0)), AV(Str(a, 1)))); }

// concat / concat_ws print every non-NULL argument with its output function.
absl::StatusOr<Datum> Concat(const Args& a) {
  std::string out;
  for (size_t i = 0; i < a.size; ++i) {
    if (!a[i].is_null()) types::AppendText(a.type(i), a[i], out);
  }
  return Text(std::move(out));
}

absl::StatusOr<Datum> ConcatWs(const Args& a) {
  if (a[0].is_null()) return Datum();
  std::string out;
  bool first = true;
  for (size_t i = 1; i < a.size; ++i) {
    if (a[i].is_null()) continue;
    if (!first) out.append(a[0].as_string());
    first = false;
    types::AppendText(a.type(i), a[i], out);
  }
  return Text(std::move(out));
}

absl::StatusOr<Datum> Repeat(const Args& a) {
  std::string_view s = Str(a, 0);
  int64_t n = std::max<int64_t>(IntArg(a, 1), 0);
  if (n * static_cast<int64_t>(s.size()) + kVarHdrSz > kMaxAllocSize) return LengthTooLarge();
  std::string out;
  out.reserve(static_cast<size_t>(n) * s.size());
  for (int64_t i = 0; i < n; ++i) out.append(s);
  return Text(std::move(out));
}

absl::StatusOr<Datum> Reverse(const Args& a) {
  std::vector<std::string_view> chars = Chars(Str(a, 0));
  std::string out;
  out.reserve(Str(a, 0).size());
  for (auto it = chars.rbegin(); it != chars.rend(); ++it) out.append(*it);
  return Text(std::move(out));
}

// lpad / rpad: the string cut or padded to `len` characters, the fill
// repeated (and cut) as needed; an empty fill only cuts.
absl::StatusOr<Datum> Pad(const Args& a, bool left) {
  std::string_view s = Str(a, 0);
  std::string_view fill = a.size > 2 ? Str(a, 2) : std::string_view(" ");
  int64_t len = std::max<int64_t>(IntArg(a, 1), 0);
  int64_t s_chars = std::min(CharCount(s), len);
  if (fill.empty()) len = s_chars;
  // PostgreSQL sizes the result for the widest characters up front.
  if (len * kMaxCharBytes + kVarHdrSz > kMaxAllocSize) return LengthTooLarge();
  std::string_view kept = s.substr(0, PrefixBytes(s, s_chars));
  std::string padding;
  if (int64_t missing = len - s_chars; missing > 0) {
    std::vector<std::string_view> fill_chars = Chars(fill);
    for (int64_t i = 0; i < missing; ++i) padding.append(fill_chars[static_cast<size_t>(i) % fill_chars.size()]);
  }
  return Text(left ? absl::StrCat(padding, AV(kept)) : absl::StrCat(AV(kept), padding));
}

absl::StatusOr<Datum> Lpad(const Args& a) { return Pad(a, true); }
absl::StatusOr<Datum> Rpad(const Args& a) { return Pad(a, false); }

// btrim / ltrim / rtrim: remove characters (bytes for bytea) that are in the
// set from either end.
std::string_view Trim(std::string_view s, std::string_view set, bool leading, bool trailing, bool bytes) {
  std::vector<std::string_view> members;
  if (bytes) {
    for (size_t i = 0; i < set.size(); ++i) members.push_back(set.substr(i, 1));
  } else {
    members = Chars(set);
  }
  auto in_set = [&](std::string_view c) { return std::find(members.begin(), members.end(), c) != members.end(); };
  if (leading) {
    while (!s.empty()) {
      size_t n = bytes ? 1 : MbLen(s, 0);
      if (!in_set(s.substr(0, n))) break;
      s.remove_prefix(n);
    }
  }
  if (trailing) {
    while (!s.empty()) {
      size_t start = s.size() - 1;
      if (!bytes) {
        while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xc0) == 0x80) --start;
      }
      if (!in_set(s.substr(start))) break;
      s.remove_suffix(s.size() - start);
    }
  }
  return s;
}

template <bool kLeading, bool kTrailing, bool kBytes>
absl::StatusOr<Datum> TrimImpl(const Args& a) {
  std::string_view set = a.size > 1 ? Str(a, 1) : std::string_view(" ");
  return Text(std::string(Trim(Str(a, 0), set, kLeading, kTrailing, kBytes)));
}

// ---------------------------------------------------------------------------
// Characters and numbers.

absl::StatusOr<Datum> Ascii(const Args& a) {
  std::string_view s = Str(a, 0);
  return Int(s.empty() ? 0 : DecodeUtf8(s));
}

absl::StatusOr<Datum> Chr(const Args& a) {
  int64_t code = IntArg(a, 0);
  if (code < 0) return Error(sqlstate::kInvalidParameterValue, "character number must be positive");
  if (code == 0) return Error(sqlstate::kProgramLimitExceeded, "null character not permitted");
  if (code > 0x10ffff) {
    return Error(sqlstate::kProgramLimitExceeded, absl::StrCat("requested character too large for encoding: ", code));
  }
  if (code >= 0xd800 && code <= 0xdfff) {
    return Error(sqlstate::kProgramLimitExceeded, absl::StrCat("requested character not valid for encoding: ", code));
  }
  std::string out;
  AppendUtf8(static_cast<uint32_t>(code), out);
  return Text(std::move(out));
}

std::string Hex(uint64_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  do {
    out.push_back(kDigits[v & 15]);
    v >>= 4;
  } while (v != 0);
  std::reverse(out.begin(), out.end());
  return out;
}

absl::StatusOr<Datum> ToHex32(const Args& a) { return Text(Hex(static_cast<uint32_t>(IntArg(a, 0)))); }
absl::StatusOr<Datum> ToHex64(const Args& a) { return Text(Hex(static_cast<uint64_t>(IntArg(a, 0)))); }

// ---------------------------------------------------------------------------
// bytea.

absl::Status ByteIndexError(int64_t index, size_t size) {
  return Error(kArraySubscriptError,
               absl::StrCat("index ", index, " out of valid range, 0..", static_cast<int64_t>(size) - 1));
}

absl::StatusOr<Datum> GetByte(const Args& a) {
  std::string_view s = Str(a, 0);
  int64_t n = IntArg(a, 1);
  if (n < 0 || n >= static_cast<int64_t>(s.size())) return ByteIndexError(n, s.size());
  return Int(static_cast<unsigned char>(s[static_cast<size_t>(n)]));
}

absl::StatusOr<Datum> SetByte(const Args& a) {
  std::string s(Str(a, 0));
  int64_t n = IntArg(a, 1);
  if (n < 0 || n >= static_cast<int64_t>(s.size())) return ByteIndexError(n, s.size());
  s[static_cast<size_t>(n)] = static_cast<char>(IntArg(a, 2) & 0xff);
  return Text(std::move(s));
}

// ---------------------------------------------------------------------------
// Digests.

absl::StatusOr<std::string> Digest(const EVP_MD* md, std::string_view data) {
  unsigned char buf[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (md == nullptr || EVP_Digest(data.data(), data.size(), buf, &n, md, nullptr) != 1) {
    return Error(sqlstate::kInternalError, "could not compute digest");
  }
  return std::string(reinterpret_cast<const char*>(buf), n);
}

absl::StatusOr<Datum> Md5(const Args& a) {
  auto d = Digest(EVP_md5(), Str(a, 0));
  if (!d.ok()) return d.status();
  std::string out;
  for (unsigned char c : *d) {
    static constexpr char kDigits[] = "0123456789abcdef";
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return Text(std::move(out));
}

template <const EVP_MD* (*kMd)()>
absl::StatusOr<Datum> Sha(const Args& a) {
  auto d = Digest(kMd(), Str(a, 0));
  if (!d.ok()) return d.status();
  return Text(*std::move(d));
}

// ---------------------------------------------------------------------------
// encode / decode: hex, base64 and escape, as PostgreSQL's encode.c.

constexpr char kBase64Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
// PostgreSQL breaks base64 output into lines of 76 characters.
constexpr size_t kBase64LineLength = 76;

std::string HexEncode(std::string_view s) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * s.size());
  for (unsigned char c : s) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

absl::Status InvalidHexDigit(std::string_view s, size_t i) {
  return Error(sqlstate::kInvalidParameterValue,
               absl::StrCat("invalid hexadecimal digit: \"", AV(s.substr(i, MbLen(s, i))), "\""));
}

absl::StatusOr<int> HexValue(std::string_view s, size_t i) {
  char c = s[i];
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return InvalidHexDigit(s, i);
}

absl::StatusOr<std::string> HexDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    auto hi = HexValue(s, i);
    if (!hi.ok()) return hi.status();
    if (++i >= s.size()) {
      return Error(sqlstate::kInvalidParameterValue, "invalid hexadecimal data: odd number of digits");
    }
    auto lo = HexValue(s, i);
    if (!lo.ok()) return lo.status();
    ++i;
    out.push_back(static_cast<char>((*hi << 4) | *lo));
  }
  return out;
}

std::string Base64Encode(std::string_view s) {
  std::string out;
  size_t line_start = 0;
  uint32_t buf = 0;
  int pos = 2;
  for (unsigned char c : s) {
    buf |= static_cast<uint32_t>(c) << (pos * 8);
    if (--pos < 0) {
      for (int shift : {18, 12, 6, 0}) out.push_back(kBase64Alphabet[(buf >> shift) & 0x3f]);
      pos = 2;
      buf = 0;
    }
    // PostgreSQL ends a full line with a newline even after the last group.
    if (out.size() - line_start >= kBase64LineLength) {
      out.push_back('\n');
      line_start = out.size();
    }
  }
  if (pos != 2) {
    out.push_back(kBase64Alphabet[(buf >> 18) & 0x3f]);
    out.push_back(kBase64Alphabet[(buf >> 12) & 0x3f]);
    out.push_back(pos == 0 ? kBase64Alphabet[(buf >> 6) & 0x3f] : '=');
    out.push_back('=');
  }
  return out;
}

absl::StatusOr<std::string> Base64Decode(std::string_view s) {
  std::string out;
  uint32_t buf = 0;
  int pos = 0;
  int end = 0;  // 0: no '=' yet; 1 or 2: bytes in the final group
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    uint32_t value = 0;
    if (c == '=') {
      if (end == 0) {
        if (pos == 2) {
          end = 1;
        } else if (pos == 3) {
          end = 2;
        } else {
          return Error(sqlstate::kInvalidParameterValue, "unexpected \"=\" while decoding base64 sequence");
        }
      }
    } else {
      const char* at = c == '\0' ? nullptr : std::strchr(kBase64Alphabet, c);
      if (at == nullptr) {
        return Error(sqlstate::kInvalidParameterValue,
                     absl::StrCat("invalid symbol \"", AV(s.substr(i, MbLen(s, i))),
                                  "\" found while decoding base64 sequence"));
      }
      value = static_cast<uint32_t>(at - kBase64Alphabet);
    }
    buf = (buf << 6) + value;
    if (++pos == 4) {
      out.push_back(static_cast<char>((buf >> 16) & 0xff));
      if (end == 0 || end > 1) out.push_back(static_cast<char>((buf >> 8) & 0xff));
      if (end == 0 || end > 2) out.push_back(static_cast<char>(buf & 0xff));
      buf = 0;
      pos = 0;
    }
  }
  if (pos != 0) {
    return Error(sqlstate::kInvalidParameterValue, "invalid base64 end sequence")
        .Hint("Input data is missing padding, is truncated, or is otherwise corrupted.");
  }
  return out;
}

std::string EscapeEncode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == 0 || c >= 0x80) {
      out.push_back('\\');
      out.push_back(static_cast<char>('0' + (c >> 6)));
      out.push_back(static_cast<char>('0' + ((c >> 3) & 7)));
      out.push_back(static_cast<char>('0' + (c & 7)));
    } else if (c == '\\') {
      out.append("\\\\");
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

absl::StatusOr<std::string> EscapeDecode(std::string_view s) {
  auto octal = [](char c, char max) { return c >= '0' && c <= max; };
  std::string out;
  for (size_t i = 0; i < s.size();) {
    if (s[i] != '\\') {
      out.push_back(s[i++]);
    } else if (i + 3 < s.size() && octal(s[i + 1], '3') && octal(s[i + 2], '7') && octal(s[i + 3], '7')) {
      out.push_back(static_cast<char>(((s[i + 1] - '0') << 6) | ((s[i + 2] - '0') << 3) | (s[i + 3] - '0')));
      i += 4;
    } else if (i + 1 < s.size() && s[i + 1] == '\\') {
      out.push_back('\\');
      i += 2;
    } else {
      return Error(sqlstate::kInvalidTextRepresentation, "invalid input syntax for type bytea");
    }
  }
  return out;
}

enum class Encoding { kHex, kBase64, kEscape };

absl::StatusOr<Encoding> FindEncoding(std::string_view name) {
  auto equals = [&](std::string_view want) {
    if (name.size() != want.size()) return false;
    for (size_t i = 0; i < name.size(); ++i) {
      char c = name[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != want[i]) return false;
    }
    return true;
  };
  if (equals("hex")) return Encoding::kHex;
  if (equals("base64")) return Encoding::kBase64;
  if (equals("escape")) return Encoding::kEscape;
  return Error(sqlstate::kInvalidParameterValue, absl::StrCat("unrecognized encoding: \"", AV(name), "\""));
}

absl::StatusOr<Datum> Encode(const Args& a) {
  auto enc = FindEncoding(Str(a, 1));
  if (!enc.ok()) return enc.status();
  switch (*enc) {
    case Encoding::kHex: return Text(HexEncode(Str(a, 0)));
    case Encoding::kBase64: return Text(Base64Encode(Str(a, 0)));
    case Encoding::kEscape: return Text(EscapeEncode(Str(a, 0)));
  }
  return Datum();
}

absl::StatusOr<Datum> Decode(const Args& a) {
  auto enc = FindEncoding(Str(a, 1));
  if (!enc.ok()) return enc.status();
  absl::StatusOr<std::string> r;
  switch (*enc) {
    case Encoding::kHex: r = HexDecode(Str(a, 0)); break;
    case Encoding::kBase64: r = Base64Decode(Str(a, 0)); break;
    case Encoding::kEscape: r = EscapeDecode(Str(a, 0)); break;
  }
  if (!r.ok()) return r.status();
  return Text(*std::move(r));
}

// ---------------------------------------------------------------------------
// Quoting.

// PostgreSQL 15's keywords that are not unreserved (pg_get_keywords() with
// catcode <> 'U'): quote_ident quotes them. Sorted, for binary search.
constexpr std::string_view kQuotedKeywords[] = {
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
    "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character",
    "check", "coalesce", "collate", "collation", "column", "concurrently", "constraint", "create",
    "cross", "current_catalog", "current_date", "current_role", "current_schema", "current_time",
    "current_timestamp", "current_user", "dec", "decimal", "default", "deferrable", "desc",
    "distinct", "do", "else", "end", "except", "exists", "extract", "false", "fetch", "float", "for",
    "foreign", "freeze", "from", "full", "grant", "greatest", "group", "grouping", "having", "ilike",
    "in", "initially", "inner", "inout", "int", "integer", "intersect", "interval", "into", "is",
    "isnull", "join", "lateral", "leading", "least", "left", "like", "limit", "localtime",
    "localtimestamp", "national", "natural", "nchar", "none", "normalize", "not", "notnull", "null",
    "nullif", "numeric", "offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay",
    "placing", "position", "precision", "primary", "real", "references", "returning", "right", "row",
    "select", "session_user", "setof", "similar", "smallint", "some", "substring", "symmetric",
    "table", "tablesample", "then", "time", "timestamp", "to", "trailing", "treat", "trim", "true",
    "union", "unique", "user", "using", "values", "varchar", "variadic", "verbose", "when", "where",
    "window", "with", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists", "xmlforest",
    "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable",
};

// PostgreSQL's quote_identifier.
std::string QuoteIdent(std::string_view s) {
  bool safe = !s.empty() && ((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_');
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) safe = false;
  }
  if (safe && std::binary_search(std::begin(kQuotedKeywords), std::end(kQuotedKeywords), s)) safe = false;
  if (safe) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

// PostgreSQL's quote_literal_cstr: an E'' string when there is a backslash.
std::string QuoteLiteral(std::string_view s) {
  std::string out;
  if (s.find('\\') != std::string_view::npos) out.push_back('E');
  out.push_back('\'');
  for (char c : s) {
    if (c == '\'' || c == '\\') out.push_back(c);
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

absl::StatusOr<Datum> QuoteIdentFn(const Args& a) { return Text(QuoteIdent(Str(a, 0))); }

// quote_literal(anyelement) is PostgreSQL's `quote_literal($1::text)`: the
// cast to text, which for bool says "true" where the output function says
// "t", and drops char(n) padding.
std::string CastToText(const Type& type, const Datum& value) {
  if (type.id == TypeId::kBool) return value.as_bool() ? "true" : "false";
  if (type.id == TypeId::kBpchar) return std::string(StripTrailingSpaces(value.as_string()));
  return types::ToText(type, value);
}

absl::StatusOr<Datum> QuoteLiteralFn(const Args& a) { return Text(QuoteLiteral(CastToText(a.type(0), a[0]))); }

absl::StatusOr<Datum> QuoteNullable(const Args& a) {
  if (a[0].is_null()) return Text("NULL");
  return Text(QuoteLiteral(CastToText(a.type(0), a[0])));
}

// ---------------------------------------------------------------------------
// format(): PostgreSQL's text_format, with %s %I %L %%, argument positions
// (%2$s), the - flag and widths (%10s, %*s, %*3$s).

absl::Status UnterminatedFormat() {
  return Error(sqlstate::kInvalidParameterValue, "unterminated format() type specifier")
      .Hint("For a single \"%\" use \"%%\".");
}

absl::Status TooFewFormatArguments() {
  return Error(sqlstate::kInvalidParameterValue, "too few arguments for format()");
}

absl::Status ArgumentZero() {
  return Error(sqlstate::kInvalidParameterValue, "format specifies argument 0, but arguments are numbered from 1");
}

class FormatParser {
 public:
  explicit FormatParser(std::string_view fmt) : fmt_(fmt) {}

  // One specifier, starting after its '%' (at pos_); leaves pos_ on the
  // conversion character.
  struct Spec {
    int64_t argpos = 0;     // 0: the next argument
    int64_t widthpos = -1;  // -1: no width argument; 0: the next argument
    int64_t width = 0;
    bool minus = false;
  };

  size_t& pos() { return pos_; }

  absl::Status Advance() {
    if (++pos_ >= fmt_.size()) return UnterminatedFormat();
    return absl::OkStatus();
  }

  absl::StatusOr<Spec> ParseSpec() {
    Spec spec;
    int64_t n = 0;
    auto digits = ParseDigits(n);
    if (!digits.ok()) return digits.status();
    if (*digits) {
      if (fmt_[pos_] != '$') {
        spec.width = n;
        return spec;
      }
      spec.argpos = n;
      if (n == 0) return ArgumentZero();
      FRESHET_RETURN_IF_ERROR(Advance());
    }
    while (fmt_[pos_] == '-') {
      spec.minus = true;
      FRESHET_RETURN_IF_ERROR(Advance());
    }
    if (fmt_[pos_] == '*') {
      FRESHET_RETURN_IF_ERROR(Advance());
      digits = ParseDigits(n);
      if (!digits.ok()) return digits.status();
      if (*digits) {
        if (fmt_[pos_] != '$') {
          return Error(sqlstate::kInvalidParameterValue, "width argument position must be ended by \"$\"");
        }
        spec.widthpos = n;
        if (n == 0) return ArgumentZero();
        FRESHET_RETURN_IF_ERROR(Advance());
      } else {
        spec.widthpos = 0;
      }
    } else {
      digits = ParseDigits(n);
      if (!digits.ok()) return digits.status();
      if (*digits) spec.width = n;
    }
    return spec;
  }

 private:
  absl::StatusOr<bool> ParseDigits(int64_t& value) {
    bool found = false;
    value = 0;
    while (fmt_[pos_] >= '0' && fmt_[pos_] <= '9') {
      value = value * 10 + (fmt_[pos_] - '0');
      if (value > std::numeric_limits<int32_t>::max()) {
        return Error(sqlstate::kNumericValueOutOfRange, "number is out of range");
      }
      FRESHET_RETURN_IF_ERROR(Advance());
      found = true;
    }
    return found;
  }

  std::string_view fmt_;
  size_t pos_ = 0;
};

void AppendPadded(std::string_view s, int64_t width, bool minus, std::string& out) {
  int64_t missing = width - (width == 0 ? 0 : CharCount(s));
  if (minus) out.append(s);
  if (missing > 0) out.append(static_cast<size_t>(missing), ' ');
  if (!minus) out.append(s);
}

absl::StatusOr<Datum> Format(const Args& a) {
  if (a[0].is_null()) return Datum();
  std::string_view fmt = Str(a, 0);
  FormatParser parser(fmt);
  size_t& pos = parser.pos();
  size_t next_arg = 1;
  std::string out;
  for (pos = 0; pos < fmt.size(); ++pos) {
    if (fmt[pos] != '%') {
      out.push_back(fmt[pos]);
      continue;
    }
    FRESHET_RETURN_IF_ERROR(parser.Advance());
    if (fmt[pos] == '%') {
      out.push_back('%');
      continue;
    }
    auto spec = parser.ParseSpec();
    if (!spec.ok()) return spec.status();
    char conversion = fmt[pos];
    if (conversion != 's' && conversion != 'I' && conversion != 'L') {
      return Error(sqlstate::kInvalidParameterValue,
                   absl::StrCat("unrecognized format() type specifier \"", AV(fmt.substr(pos, MbLen(fmt, pos))), "\""))
          .Hint("For a single \"%\" use \"%%\".");
    }
    int64_t width = spec->width;
    bool minus = spec->minus;
    if (spec->widthpos >= 0) {
      if (spec->widthpos > 0) next_arg = static_cast<size_t>(spec->widthpos);
      if (next_arg >= a.size) return TooFewFormatArguments();
      const Datum& w = a[next_arg];
      if (w.is_null()) {
        width = 0;
      } else if (w.holds_int()) {
        width = w.as_int();
      } else {
        auto parsed = types::ParseText(Type{TypeId::kInt4}, types::ToText(a.type(next_arg), w));
        if (!parsed.ok()) return parsed.status();
        width = parsed->as_int();
      }
      ++next_arg;
      if (width < 0) {
        if (width == std::numeric_limits<int32_t>::min()) {
          return Error(sqlstate::kNumericValueOutOfRange, "number is out of range");
        }
        minus = true;
        width = -width;
      }
    }
    if (spec->argpos > 0) next_arg = static_cast<size_t>(spec->argpos);
    if (next_arg >= a.size) return TooFewFormatArguments();
    const Datum& v = a[next_arg];
    const Type& type = a.type(next_arg);
    ++next_arg;
    if (v.is_null()) {
      if (conversion == 'I') {
        return Error(sqlstate::kNullValueNotAllowed, "null values cannot be formatted as an SQL identifier");
      }
      AppendPadded(conversion == 'L' ? "NULL" : "", width, minus, out);
      continue;
    }
    std::string text = types::ToText(type, v);
    if (conversion == 'I') {
      text = QuoteIdent(text);
    } else if (conversion == 'L') {
      text = QuoteLiteral(text);
    }
    AppendPadded(text, width, minus, out);
  }
  return Text(std::move(out));
}

// ---------------------------------------------------------------------------
// Regular expressions on glibc's POSIX ERE engine.
//
// Translated from PostgreSQL's ARE syntax: the escapes \d \D (outside
// brackets) and \n \t \r \f \v; flags b (BRE), e, q (literal), c, i, n/m
// (newline-sensitive), s, g, x (expanded: whitespace and #-comments dropped),
// t. Not as in PostgreSQL: non-greedy quantifiers (*? +? ??), lookahead and
// lookbehind, \m \M \y \Y \A \Z, ***= and embedded (?flags) options, escapes
// inside bracket expressions, flags p and w (rejected); with C.UTF-8 for
// LC_CTYPE, ~* and [[:alpha:]]-style classes also fold and classify
// non-ASCII letters, where PostgreSQL's C collation is ASCII-only; error
// messages for malformed patterns are PostgreSQL's for the same error class.

// glibc's regex engine reads characters by the thread's LC_CTYPE; a UTF-8
// locale for the duration of one compile or match makes "." match a
// character, not a byte. uselocale() changes only the calling thread.
class Utf8CtypeScope {
 public:
  Utf8CtypeScope() {
    static const locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
    if (utf8 != static_cast<locale_t>(nullptr)) previous_ = uselocale(utf8);
  }
  ~Utf8CtypeScope() {
    if (previous_ != static_cast<locale_t>(nullptr)) uselocale(previous_);
  }
  Utf8CtypeScope(const Utf8CtypeScope&) = delete;
  Utf8CtypeScope& operator=(const Utf8CtypeScope&) = delete;

 private:
  locale_t previous_ = static_cast<locale_t>(nullptr);
};

struct RegexFlags {
  int cflags = REG_EXTENDED;
  bool global = false;
  bool literal = false;   // q
  bool expanded = false;  // x
};

absl::StatusOr<RegexFlags> ParseRegexFlags(std::string_view opts, bool allow_global) {
  RegexFlags f;
  for (size_t i = 0; i < opts.size(); i += MbLen(opts, i)) {
    switch (opts[i]) {
      case 'g':
        if (!allow_global) break;
        f.global = true;
        continue;
      case 'b': f.cflags &= ~REG_EXTENDED; f.literal = false; continue;
      case 'e': f.cflags |= REG_EXTENDED; f.literal = false; continue;
      case 'q': f.literal = true; continue;
      case 'c': f.cflags &= ~REG_ICASE; continue;
      case 'i': f.cflags |= REG_ICASE; continue;
      case 'm':
      case 'n': f.cflags |= REG_NEWLINE; continue;
      case 's': f.cflags &= ~REG_NEWLINE; continue;
      case 'x': f.expanded = true; continue;
      case 't': f.expanded = false; continue;
      case 'p':
      case 'w':
        return Error(sqlstate::kFeatureNotSupported,
                     absl::StrCat("regular expression option \"", AV(opts.substr(i, 1)), "\" is not supported"));
      default: break;
    }
    return Error(sqlstate::kInvalidParameterValue,
                 absl::StrCat("invalid regular expression option: \"", AV(opts.substr(i, MbLen(opts, i))), "\""));
  }
  return f;
}

// The ERE (or BRE) text for a PostgreSQL pattern under `flags`.
std::string TranslatePattern(std::string_view p, const RegexFlags& flags) {
  std::string out;
  if (flags.literal) {
    static constexpr std::string_view kSpecial = "\\^$.[]|()?*+{}";
    for (char c : p) {
      if (kSpecial.find(c) != std::string_view::npos) out.push_back('\\');
      out.push_back(c);
    }
    return out;
  }
  bool in_bracket = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (in_bracket) {
      out.push_back(c);
      if (c == '[' && i + 1 < p.size() && (p[i + 1] == ':' || p[i + 1] == '.' || p[i + 1] == '=')) {
        // [:alpha:], [.x.], [=x=]: copy through the closing "x]".
        char kind = p[i + 1];
        size_t close = p.find(std::string{kind, ']'}, i + 2);
        if (close != std::string_view::npos) {
          out.append(p.substr(i + 1, close + 1 - i));
          i = close + 1;
        }
      } else if (c == ']') {
        in_bracket = false;
      }
      continue;
    }
    if (c == '[') {
      in_bracket = true;
      out.push_back(c);
      // A ']' first in the set (after an optional '^') is a member.
      if (i + 1 < p.size() && p[i + 1] == '^') out.push_back(p[++i]);
      if (i + 1 < p.size() && p[i + 1] == ']') out.push_back(p[++i]);
      continue;
    }
    if (flags.expanded && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')) continue;
    if (flags.expanded && c == '#') {
      while (i + 1 < p.size() && p[i + 1] != '\n') ++i;
      continue;
    }
    if (c == '\\' && i + 1 < p.size() && (flags.cflags & REG_EXTENDED)) {
      char e = p[i + 1];
      const char* replacement = nullptr;
      switch (e) {
        case 'd': replacement = "[0-9]"; break;
        case 'D': replacement = "[^0-9]"; break;
        case 'n': replacement = "\n"; break;
        case 't': replacement = "\t"; break;
        case 'r': replacement = "\r"; break;
        case 'f': replacement = "\f"; break;
        case 'v': replacement = "\v"; break;
        default: break;
      }
      if (replacement != nullptr) {
        out.append(replacement);
      } else {
        out.push_back(c);
        out.push_back(e);
      }
      ++i;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

// PostgreSQL's messages (regerrs.h) for glibc's error codes.
std::string RegexErrorMessage(int code) {
  switch (code) {
    case REG_ECOLLATE: return "invalid collating element";
    case REG_ECTYPE: return "invalid character class";
    case REG_EESCAPE: return "invalid escape \\ sequence";
    case REG_ESUBREG: return "invalid backreference number";
    case REG_EBRACK: return "brackets [] not balanced";
    case REG_EPAREN:
    case REG_ERPAREN: return "parentheses () not balanced";
    case REG_EBRACE: return "braces {} not balanced";
    case REG_BADBR: return "invalid repetition count(s)";
    case REG_ERANGE: return "invalid character range";
    case REG_ESPACE: return "out of memory";
    case REG_BADRPT: return "quantifier operand invalid";
    case REG_ESIZE: return "regular expression is too complex";
    default: return "invalid regexp (reg version 0.8)";
  }
}

class CompiledRegex {
 public:
  CompiledRegex(std::string key, int cflags) : key_(std::move(key)), cflags_(cflags) {}
  ~CompiledRegex() {
    if (compiled_) regfree(&re_);
  }
  CompiledRegex(const CompiledRegex&) = delete;
  CompiledRegex& operator=(const CompiledRegex&) = delete;

  absl::Status Compile(const std::string& ere) {
    Utf8CtypeScope utf8;
    int rc = regcomp(&re_, ere.c_str(), cflags_);
    if (rc != 0) {
      return Error(kInvalidRegularExpression, absl::StrCat("invalid regular expression: ", RegexErrorMessage(rc)));
    }
    compiled_ = true;
    return absl::OkStatus();
  }

  bool Matches(const std::string_view key, int cflags) const { return cflags == cflags_ && key == key_; }
  size_t groups() const { return re_.re_nsub; }

  // Searches s from byte `start`; fills `match` (absolute offsets) and says
  // whether there was a match. "^" matches only at the start of s (or after
  // a newline in newline-sensitive mode), as in PostgreSQL.
  bool Search(const std::string& s, size_t start, std::vector<regmatch_t>& match) const {
    Utf8CtypeScope utf8;
    match.assign(std::max<size_t>(match.size(), 1), regmatch_t{});
    match[0].rm_so = static_cast<regoff_t>(start);
    match[0].rm_eo = static_cast<regoff_t>(s.size());
    return regexec(&re_, s.c_str(), match.size(), match.data(), REG_STARTEND) == 0;
  }

 private:
  std::string key_;
  int cflags_;
  regex_t re_{};
  bool compiled_ = false;
};

// Compiled patterns are cached per thread, most recently used first, as
// PostgreSQL caches them per backend.
constexpr size_t kRegexCacheSize = 32;

absl::StatusOr<const CompiledRegex*> GetRegex(std::string_view pattern, const RegexFlags& flags) {
  thread_local std::vector<std::unique_ptr<CompiledRegex>> cache;
  std::string key = absl::StrCat(flags.literal ? "q" : "-", flags.expanded ? "x" : "-", AV(pattern));
  for (size_t i = 0; i < cache.size(); ++i) {
    if (cache[i]->Matches(key, flags.cflags)) {
      std::rotate(cache.begin(), cache.begin() + static_cast<std::ptrdiff_t>(i),
                  cache.begin() + static_cast<std::ptrdiff_t>(i) + 1);
      return cache.front().get();
    }
  }
  auto re = std::make_unique<CompiledRegex>(key, flags.cflags);
  FRESHET_RETURN_IF_ERROR(re->Compile(TranslatePattern(pattern, flags)));
  if (cache.size() >= kRegexCacheSize) cache.pop_back();
  cache.insert(cache.begin(), std::move(re));
  return cache.front().get();
}

template <bool kCaseInsensitive, bool kNegated>
absl::StatusOr<Datum> RegexMatchOp(const Args& a) {
  RegexFlags flags;
  if (kCaseInsensitive) flags.cflags |= REG_ICASE;
  auto re = GetRegex(Str(a, 1), flags);
  if (!re.ok()) return re.status();
  std::vector<regmatch_t> match(1);
  bool found = (*re)->Search(a[0].as_string(), 0, match);
  return Bool(found != kNegated);
}

// substring(s from pattern): the first parenthesized group if there is one
// (NULL when it took no part in the match), else the whole match.
absl::StatusOr<Datum> RegexSubstring(const Args& a) {
  auto re = GetRegex(Str(a, 1), RegexFlags{});
  if (!re.ok()) return re.status();
  std::vector<regmatch_t> match(2);
  const std::string& s = a[0].as_string();
  if (!(*re)->Search(s, 0, match)) return Datum();
  const regmatch_t& m = (*re)->groups() > 0 ? match[1] : match[0];
  if (m.rm_so < 0) return Datum();
  return Text(s.substr(static_cast<size_t>(m.rm_so), static_cast<size_t>(m.rm_eo - m.rm_so)));
}

// Appends the replacement with \1..\9 (groups) and \& (the match)
// substituted and \\ unescaped; any other backslash is copied.
void AppendReplacement(std::string_view replacement, const std::string& s, const std::vector<regmatch_t>& match,
                       std::string& out) {
  for (size_t i = 0; i < replacement.size(); ++i) {
    char c = replacement[i];
    if (c != '\\' || i + 1 >= replacement.size()) {
      out.push_back(c);
      continue;
    }
    char e = replacement[i + 1];
    size_t group;
    if (e >= '1' && e <= '9') {
      group = static_cast<size_t>(e - '0');
    } else if (e == '&') {
      group = 0;
    } else if (e == '\\') {
      out.push_back('\\');
      ++i;
      continue;
    } else {
      out.push_back('\\');
      continue;
    }
    ++i;
    if (group < match.size() && match[group].rm_so >= 0) {
      out.append(s, static_cast<size_t>(match[group].rm_so),
                 static_cast<size_t>(match[group].rm_eo - match[group].rm_so));
    }
  }
}

absl::Status InvalidParameter(std::string_view name, int64_t value) {
  return Error(sqlstate::kInvalidParameterValue,
               absl::StrCat("invalid value for parameter \"", AV(name), "\": ", value));
}

// The flags argument at `index`, if the call has one; `function` names the
// caller in the error for a 'g' flag it does not take (nullptr: 'g' allowed).
absl::StatusOr<RegexFlags> OptionalFlags(const Args& a, size_t index, const char* function) {
  if (a.size <= index) return RegexFlags{};
  auto flags = ParseRegexFlags(Str(a, index), /*allow_global=*/true);
  if (!flags.ok()) return flags.status();
  if (function != nullptr && flags->global) {
    return Error(sqlstate::kInvalidParameterValue,
                 absl::StrCat(function, " does not support the \"global\" option"));
  }
  return flags;
}

// A 1-based character position `start` (> 0) as a byte offset; past the end
// when the string is shorter.
size_t StartByte(std::string_view s, int64_t start) {
  size_t byte = PrefixBytes(s, start - 1);
  return CharCount(s) < start - 1 ? s.size() + 1 : byte;
}

// The non-overlapping matches of `re` in s from byte `start`, each with its
// groups, as PostgreSQL's setup_regexp_matches: after an empty match the
// search moves on by one character. Stops after `limit` matches (0: all).
std::vector<std::vector<regmatch_t>> FindMatches(const CompiledRegex& re, const std::string& s, size_t start,
                                                 size_t limit) {
  std::vector<std::vector<regmatch_t>> found;
  std::vector<regmatch_t> match(re.groups() + 1);
  while (start <= s.size() && re.Search(s, start, match)) {
    found.push_back(match);
    if (limit != 0 && found.size() >= limit) break;
    auto so = static_cast<size_t>(match[0].rm_so), eo = static_cast<size_t>(match[0].rm_eo);
    start = eo;
    if (so == eo) start += start < s.size() ? MbLen(s, start) : 1;
  }
  return found;
}

// regexp_replace(source, pattern, replacement [, start [, n]] [, flags]):
// replaces the n-th match from character `start` (n = 0: every match; the
// default is the 'g' flag's choice).
absl::StatusOr<Datum> RegexpReplaceImpl(const Args& a, std::optional<size_t> flags_index, bool has_start,
                                        bool has_n) {
  int64_t start = 1, n = 1;
  if (has_start) {
    start = IntArg(a, 3);
    if (start <= 0) return InvalidParameter("start", start);
  }
  if (has_n) {
    n = IntArg(a, 4);
    if (n < 0) return InvalidParameter("n", n);
  }
  RegexFlags flags;
  if (flags_index) {
    auto parsed = OptionalFlags(a, *flags_index, nullptr);
    if (!parsed.ok()) return parsed.status();
    flags = *parsed;
  }
  if (!has_n) n = flags.global ? 0 : 1;
  auto re = GetRegex(Str(a, 1), flags);
  if (!re.ok()) return re.status();
  const std::string& s = a[0].as_string();
  std::string_view replacement = Str(a, 2);
  std::vector<regmatch_t> match(10);
  std::string out;
  size_t copied = 0;
  int64_t seen = 0;
  for (size_t pos = StartByte(s, start); pos <= s.size();) {
    if (!(*re)->Search(s, pos, match)) break;
    auto so = static_cast<size_t>(match[0].rm_so), eo = static_cast<size_t>(match[0].rm_eo);
    pos = eo;
    // After an empty match, move on by one character.
    if (so == eo) pos += pos < s.size() ? MbLen(s, pos) : 1;
    if (n > 0 && ++seen < n) continue;
    out.append(s, copied, so - copied);
    AppendReplacement(replacement, s, match, out);
    copied = eo;
    if (n > 0) break;
  }
  out.append(s, copied, std::string::npos);
  return Text(std::move(out));
}

absl::StatusOr<Datum> RegexpReplace(const Args& a) {
  return RegexpReplaceImpl(a, a.size > 3 ? std::optional<size_t>(3) : std::nullopt, false, false);
}
// regexp_replace(source, pattern, replacement, start [, n [, flags]])
absl::StatusOr<Datum> RegexpReplaceFrom(const Args& a) {
  return RegexpReplaceImpl(a, a.size > 5 ? std::optional<size_t>(5) : std::nullopt, true, a.size > 4);
}

absl::StatusOr<Datum> RegexpLike(const Args& a) {
  auto flags = OptionalFlags(a, 2, "regexp_like()");
  if (!flags.ok()) return flags.status();
  auto re = GetRegex(Str(a, 1), *flags);
  if (!re.ok()) return re.status();
  std::vector<regmatch_t> match(1);
  return Bool((*re)->Search(a[0].as_string(), 0, match));
}

// regexp_count(string, pattern [, start [, flags]])
absl::StatusOr<Datum> RegexpCount(const Args& a) {
  int64_t start = a.size > 2 ? IntArg(a, 2) : 1;
  if (start <= 0) return InvalidParameter("start", start);
  auto flags = OptionalFlags(a, 3, "regexp_count()");
  if (!flags.ok()) return flags.status();
  auto re = GetRegex(Str(a, 1), *flags);
  if (!re.ok()) return re.status();
  const std::string& s = a[0].as_string();
  return Int(static_cast<int64_t>(FindMatches(**re, s, StartByte(s, start), 0).size()));
}

// The n-th match's group `subexpr` for regexp_instr / regexp_substr, as
// PostgreSQL picks it: subexpr 1 of a pattern without groups is the whole
// match; a group beyond the pattern's, or one that took no part, is absent.
struct PickedMatch {
  bool found = false;
  regmatch_t m{};
};

absl::StatusOr<PickedMatch> PickMatch(const Args& a, int64_t start, int64_t n, int64_t subexpr, size_t flags_index,
                                      const char* function) {
  auto flags = OptionalFlags(a, flags_index, function);
  if (!flags.ok()) return flags.status();
  auto re = GetRegex(Str(a, 1), *flags);
  if (!re.ok()) return re.status();
  const std::string& s = a[0].as_string();
  auto matches = FindMatches(**re, s, StartByte(s, start), static_cast<size_t>(n));
  if (static_cast<int64_t>(matches.size()) < n) return PickedMatch{};
  size_t groups = (*re)->groups();
  int64_t patterns = subexpr > 0 && groups > 0 ? static_cast<int64_t>(groups) : 1;
  if (subexpr > patterns) return PickedMatch{};
  const regmatch_t& m = matches[static_cast<size_t>(n - 1)][subexpr > 0 && groups > 0 ? subexpr : 0];
  if (m.rm_so < 0 || m.rm_eo < 0) return PickedMatch{};
  return PickedMatch{true, m};
}

// regexp_instr(string, pattern [, start [, n [, endoption [, flags [, subexpr]]]]])
absl::StatusOr<Datum> RegexpInstr(const Args& a) {
  int64_t start = a.size > 2 ? IntArg(a, 2) : 1;
  if (start <= 0) return InvalidParameter("start", start);
  int64_t n = a.size > 3 ? IntArg(a, 3) : 1;
  if (n <= 0) return InvalidParameter("n", n);
  int64_t endoption = a.size > 4 ? IntArg(a, 4) : 0;
  if (endoption != 0 && endoption != 1) return InvalidParameter("endoption", endoption);
  int64_t subexpr = a.size > 6 ? IntArg(a, 6) : 0;
  if (subexpr < 0) return InvalidParameter("subexpr", subexpr);
  auto picked = PickMatch(a, start, n, subexpr, 5, "regexp_instr()");
  if (!picked.ok()) return picked.status();
  if (!picked->found) return Int(0);
  auto at = static_cast<size_t>(endoption == 1 ? picked->m.rm_eo : picked->m.rm_so);
  return Int(CharCount(Str(a, 0).substr(0, at)) + 1);
}

// regexp_substr(string, pattern [, start [, n [, flags [, subexpr]]]])
absl::StatusOr<Datum> RegexpSubstr(const Args& a) {
  int64_t start = a.size > 2 ? IntArg(a, 2) : 1;
  if (start <= 0) return InvalidParameter("start", start);
  int64_t n = a.size > 3 ? IntArg(a, 3) : 1;
  if (n <= 0) return InvalidParameter("n", n);
  int64_t subexpr = a.size > 5 ? IntArg(a, 5) : 0;
  if (subexpr < 0) return InvalidParameter("subexpr", subexpr);
  auto picked = PickMatch(a, start, n, subexpr, 4, "regexp_substr()");
  if (!picked.ok()) return picked.status();
  if (!picked->found) return Datum();
  return Text(std::string(Str(a, 0).substr(static_cast<size_t>(picked->m.rm_so),
                                           static_cast<size_t>(picked->m.rm_eo - picked->m.rm_so))));
}

// ---------------------------------------------------------------------------
// LIKE and ILIKE: PostgreSQL's MatchText (like_match.c), ported as is. The
// escape character is a backslash (like_escape rewrites other ones); ILIKE
// lower-cases both sides first, ASCII-only under the C collation.

constexpr char kInvalidEscapeSequence[] = "22025";

enum class LikeResult { kFalse, kTrue, kAbort };

absl::Status LikeTrailingEscape() {
  return Error(kInvalidEscapeSequence, "LIKE pattern must not end with escape character");
}

absl::StatusOr<LikeResult> MatchText(std::string_view t, std::string_view p) {
  auto next_char = [](std::string_view& s) { s.remove_prefix(MbLen(s, 0)); };
  while (!t.empty() && !p.empty()) {
    if (p[0] == '\\') {
      p.remove_prefix(1);
      if (p.empty()) return LikeTrailingEscape();
      if (p[0] != t[0]) return LikeResult::kFalse;
    } else if (p[0] == '%') {
      p.remove_prefix(1);
      // Any run of %s and N _s matches at least N characters.
      while (!p.empty()) {
        if (p[0] == '%') {
          p.remove_prefix(1);
        } else if (p[0] == '_') {
          if (t.empty()) return LikeResult::kAbort;
          next_char(t);
          p.remove_prefix(1);
        } else {
          break;
        }
      }
      if (p.empty()) return LikeResult::kTrue;
      char first;
      if (p[0] == '\\') {
        if (p.size() < 2) return LikeTrailingEscape();
        first = p[1];
      } else {
        first = p[0];
      }
      while (!t.empty()) {
        if (t[0] == first) {
          auto matched = MatchText(t, p);
          if (!matched.ok() || *matched != LikeResult::kFalse) return matched;
        }
        next_char(t);
      }
      return LikeResult::kAbort;
    } else if (p[0] == '_') {
      next_char(t);
      p.remove_prefix(1);
      continue;
    } else if (p[0] != t[0]) {
      return LikeResult::kFalse;
    }
    t.remove_prefix(1);
    p.remove_prefix(1);
  }
  if (!t.empty()) return LikeResult::kFalse;
  while (!p.empty() && p[0] == '%') p.remove_prefix(1);
  return p.empty() ? LikeResult::kTrue : LikeResult::kAbort;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

template <bool kCaseInsensitive, bool kNegated>
absl::StatusOr<Datum> LikeOp(const Args& a) {
  absl::StatusOr<LikeResult> r = kCaseInsensitive ? MatchText(AsciiLower(Str(a, 0)), AsciiLower(Str(a, 1)))
                                                  : MatchText(Str(a, 0), Str(a, 1));
  if (!r.ok()) return r.status();
  return Bool((*r == LikeResult::kTrue) != kNegated);
}

// like_escape(pattern, escape): the pattern rewritten for the backslash
// escape that LIKE uses.
absl::StatusOr<Datum> LikeEscape(const Args& a) {
  std::string_view p = Str(a, 0), e = Str(a, 1);
  std::string out;
  if (e.empty()) {
    for (char c : p) {
      if (c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    return Text(std::move(out));
  }
  if (MbLen(e, 0) != e.size()) {
    return Error(kInvalidEscapeSequence, "invalid escape string").Hint("Escape string must be empty or one character.");
  }
  if (e == "\\") return Text(std::string(p));
  bool after_escape = false;
  for (size_t i = 0; i < p.size();) {
    size_t n = MbLen(p, i);
    std::string_view c = p.substr(i, n);
    i += n;
    if (c == e && !after_escape) {
      out.push_back('\\');
      after_escape = true;
    } else if (c == "\\") {
      out.push_back('\\');
      if (!after_escape) out.push_back('\\');
      after_escape = false;
    } else {
      out.append(c);
      after_escape = false;
    }
  }
  return Text(std::move(out));
}

// ---------------------------------------------------------------------------
// Casts and length coercion.

absl::StatusOr<Datum> BpcharToText(const Args& a) { return Text(std::string(StripTrailingSpaces(Str(a, 0)))); }

// bpchar(bpchar, int4, bool) / varchar(varchar, int4, bool): PostgreSQL's
// length coercion to a typmod; the flag says whether the cast is explicit
// (which truncates instead of failing).
absl::StatusOr<Datum> LengthCoercion(const Args& a) {
  Type target = a.result;
  target.typmod = static_cast<int32_t>(IntArg(a, 1));
  return types::ParseText(target, Str(a, 0), a[2].as_bool());
}

// ---------------------------------------------------------------------------
// Registration.

}  // namespace

void RegisterString(Registry& r) {
  constexpr TypeId kText = TypeId::kText, kBytea = TypeId::kBytea, kInt4 = TypeId::kInt4, kInt8 = TypeId::kInt8,
                   kBool = TypeId::kBool, kBpchar = TypeId::kBpchar, kVarchar = TypeId::kVarchar;

  for (const char* name : {"length", "char_length", "character_length"}) {
    r.AddFunction(name, {kText}, kInt4, TextLength);
    r.AddFunction(name, {kBpchar}, kInt4, BpcharLength);
  }
  r.AddFunction("length", {kBytea}, kInt4, OctetLength);
  for (TypeId t : {kText, kBpchar, kBytea}) r.AddFunction("octet_length", {t}, kInt4, OctetLength);
  for (TypeId t : {kText, kBytea}) r.AddFunction("bit_length", {t}, kInt4, BitLength);
  r.AddFunction("lower", {kText}, kText, Lower);
  r.AddFunction("upper", {kText}, kText, Upper);
  r.AddFunction("initcap", {kText}, kText, Initcap);

  for (const char* name : {"substr", "substring"}) {
    r.AddFunction(name, {kText, kInt4}, kText, Substr);
    r.AddFunction(name, {kText, kInt4, kInt4}, kText, Substr);
    r.AddFunction(name, {kBytea, kInt4}, kBytea, ByteaSubstr);
    r.AddFunction(name, {kBytea, kInt4, kInt4}, kBytea, ByteaSubstr);
  }
  r.AddFunction("substring", {kText, kText}, kText, RegexSubstring);
  r.AddFunction("left", {kText, kInt4}, kText, Left);
  r.AddFunction("right", {kText, kInt4}, kText, Right);
  r.AddFunction("overlay", {kText, kText, kInt4}, kText, TextOverlay);
  r.AddFunction("overlay", {kText, kText, kInt4, kInt4}, kText, TextOverlay);
  r.AddFunction("overlay", {kBytea, kBytea, kInt4}, kBytea, ByteaOverlay);
  r.AddFunction("overlay", {kBytea, kBytea, kInt4, kInt4}, kBytea, ByteaOverlay);

  r.AddFunction("position", {kText, kText}, kInt4, TextPosition);
  r.AddFunction("strpos", {kText, kText}, kInt4, TextPosition);
  r.AddFunction("position", {kBytea, kBytea}, kInt4, ByteaPosition);
  r.AddFunction("starts_with", {kText, kText}, kBool, StartsWith);
  r.AddOperator("^@", {kText, kText}, kBool, StartsWith);
  r.AddFunction("replace", {kText, kText, kText}, kText, Replace);
  r.AddFunction("split_part", {kText, kText, kInt4}, kText, SplitPart);
  r.AddFunction("translate", {kText, kText, kText}, kText, Translate);

  r.AddFunction("textcat", {kText, kText}, kText, TextCat);
  r.AddOperator("||", {kText, kText}, kText, TextCat);
  r.AddOperator("||", {kBytea, kBytea}, kBytea, TextCat);
  {
    FuncDef def;
    def.name = "concat";
    def.params = {Any()};
    def.result = Exact(kText);
    def.impl = Concat;
    def.strict = false;
    def.variadic = true;
    r.Add(std::move(def));
  }
  {
    FuncDef def;
    def.name = "concat_ws";
    def.params = {Exact(kText), Any()};
    def.result = Exact(kText);
    def.impl = ConcatWs;
    def.strict = false;
    def.variadic = true;
    r.Add(std::move(def));
  }
  r.AddFunction("repeat", {kText, kInt4}, kText, Repeat);
  r.AddFunction("reverse", {kText}, kText, Reverse);
  r.AddFunction("lpad", {kText, kInt4}, kText, Lpad);
  r.AddFunction("lpad", {kText, kInt4, kText}, kText, Lpad);
  r.AddFunction("rpad", {kText, kInt4}, kText, Rpad);
  r.AddFunction("rpad", {kText, kInt4, kText}, kText, Rpad);
  r.AddFunction("btrim", {kText}, kText, TrimImpl<true, true, false>);
  r.AddFunction("btrim", {kText, kText}, kText, TrimImpl<true, true, false>);
  r.AddFunction("ltrim", {kText}, kText, TrimImpl<true, false, false>);
  r.AddFunction("ltrim", {kText, kText}, kText, TrimImpl<true, false, false>);
  r.AddFunction("rtrim", {kText}, kText, TrimImpl<false, true, false>);
  r.AddFunction("rtrim", {kText, kText}, kText, TrimImpl<false, true, false>);
  r.AddFunction("btrim", {kBytea, kBytea}, kBytea, TrimImpl<true, true, true>);
  r.AddFunction("ltrim", {kBytea, kBytea}, kBytea, TrimImpl<true, false, true>);
  r.AddFunction("rtrim", {kBytea, kBytea}, kBytea, TrimImpl<false, true, true>);

  r.AddFunction("ascii", {kText}, kInt4, Ascii);
  r.AddFunction("chr", {kInt4}, kText, Chr);
  r.AddFunction("to_hex", {kInt4}, kText, ToHex32);
  r.AddFunction("to_hex", {kInt8}, kText, ToHex64);

  r.AddFunction("get_byte", {kBytea, kInt4}, kInt4, GetByte);
  r.AddFunction("set_byte", {kBytea, kInt4, kInt4}, kBytea, SetByte);
  r.AddFunction("md5", {kText}, kText, Md5);
  r.AddFunction("md5", {kBytea}, kText, Md5);
  r.AddFunction("sha224", {kBytea}, kBytea, Sha<EVP_sha224>);
  r.AddFunction("sha256", {kBytea}, kBytea, Sha<EVP_sha256>);
  r.AddFunction("sha384", {kBytea}, kBytea, Sha<EVP_sha384>);
  r.AddFunction("sha512", {kBytea}, kBytea, Sha<EVP_sha512>);
  r.AddFunction("encode", {kBytea, kText}, kText, Encode);
  r.AddFunction("decode", {kText, kText}, kBytea, Decode);

  r.AddFunction("quote_ident", {kText}, kText, QuoteIdentFn);
  r.AddFunction("quote_literal", {kText}, kText, QuoteLiteralFn);
  {
    FuncDef def;
    def.name = "quote_literal";
    def.params = {AnyElement()};
    def.result = Exact(kText);
    def.impl = QuoteLiteralFn;
    r.Add(std::move(def));
  }
  for (Param p : {Exact(kText), AnyElement()}) {
    FuncDef def;
    def.name = "quote_nullable";
    def.params = {p};
    def.result = Exact(kText);
    def.impl = QuoteNullable;
    def.strict = false;
    r.Add(std::move(def));
  }
  for (bool variadic : {false, true}) {
    FuncDef def;
    def.name = "format";
    def.params = {Exact(kText)};
    if (variadic) def.params.push_back(Any());
    def.result = Exact(kText);
    def.impl = Format;
    def.strict = false;
    def.variadic = variadic;
    r.Add(std::move(def));
  }

  r.AddOperator("~", {kText, kText}, kBool, RegexMatchOp<false, false>);
  r.AddOperator("~*", {kText, kText}, kBool, RegexMatchOp<true, false>);
  r.AddOperator("!~", {kText, kText}, kBool, RegexMatchOp<false, true>);
  r.AddOperator("!~*", {kText, kText}, kBool, RegexMatchOp<true, true>);
  r.AddFunction("regexp_replace", {kText, kText, kText}, kText, RegexpReplace);
  r.AddFunction("regexp_replace", {kText, kText, kText, kText}, kText, RegexpReplace);
  r.AddFunction("regexp_replace", {kText, kText, kText, kInt4}, kText, RegexpReplaceFrom);
  r.AddFunction("regexp_replace", {kText, kText, kText, kInt4, kInt4}, kText, RegexpReplaceFrom);
  r.AddFunction("regexp_replace", {kText, kText, kText, kInt4, kInt4, kText}, kText, RegexpReplaceFrom);
  r.AddFunction("regexp_like", {kText, kText}, kBool, RegexpLike);
  r.AddFunction("regexp_like", {kText, kText, kText}, kBool, RegexpLike);
  r.AddFunction("regexp_count", {kText, kText}, kInt4, RegexpCount);
  r.AddFunction("regexp_count", {kText, kText, kInt4}, kInt4, RegexpCount);
  r.AddFunction("regexp_count", {kText, kText, kInt4, kText}, kInt4, RegexpCount);
  for (size_t extra = 0; extra <= 5; ++extra) {
    std::vector<TypeId> params = {kText, kText};
    for (size_t i = 0; i < extra; ++i) params.push_back(i == 3 ? kText : kInt4);
    r.AddFunction("regexp_instr", params, kInt4, RegexpInstr);
  }
  for (size_t extra = 0; extra <= 4; ++extra) {
    std::vector<TypeId> params = {kText, kText};
    for (size_t i = 0; i < extra; ++i) params.push_back(i == 2 ? kText : kInt4);
    r.AddFunction("regexp_substr", params, kText, RegexpSubstr);
  }

  r.AddOperator("~~", {kText, kText}, kBool, LikeOp<false, false>);
  r.AddOperator("!~~", {kText, kText}, kBool, LikeOp<false, true>);
  r.AddOperator("~~*", {kText, kText}, kBool, LikeOp<true, false>);
  r.AddOperator("!~~*", {kText, kText}, kBool, LikeOp<true, true>);
  r.AddFunction("textlike", {kText, kText}, kBool, LikeOp<false, false>);
  r.AddFunction("texticlike", {kText, kText}, kBool, LikeOp<true, false>);
  r.AddFunction("like_escape", {kText, kText}, kText, LikeEscape);

  r.AddFunction("bpchar", {kBpchar, kInt4, kBool}, kBpchar, LengthCoercion);
  r.AddFunction("varchar", {kVarchar, kInt4, kBool}, kVarchar, LengthCoercion);
  r.AddCast(CastDef{kBpchar, kText, CastContext::kImplicit, BpcharToText});
  r.AddCast(CastDef{kBpchar, kVarchar, CastContext::kImplicit, BpcharToText});
}

}  // namespace freshet::functions
