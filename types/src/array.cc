#include "types/array.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/error.h"
#include "types/compare.h"
#include "types/format.h"
#include "types/row_codec.h"

namespace freshet::types::array {
namespace {

// PostgreSQL's MaxArraySize: the most elements an array may have.
constexpr int64_t kMaxArraySize = 134217727;

// array_isspace: the whitespace array_in skips (no locale dependence).
bool IsArraySpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

absl::string_view Absl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

Error Malformed(std::string_view literal) {
  return Error(sqlstate::kInvalidTextRepresentation, absl::StrCat("malformed array literal: \"", Absl(literal), "\""));
}

Error Malformed(std::string_view literal, std::string detail) {
  Error e = Malformed(literal);
  e.Detail(std::move(detail));
  return e;
}

Error TooManyDimensions(int ndim) {
  return Error(sqlstate::kProgramLimitExceeded,
               absl::StrCat("number of array dimensions (", ndim, ") exceeds the maximum allowed (", kMaxDimensions,
                            ")"));
}

// The character at `i`, or '\0' past the end (the C string PostgreSQL reads).
char At(std::string_view s, size_t i) { return i < s.size() ? s[i] : '\0'; }

// PostgreSQL's ArrayCount: validates the brace structure of `str` (which
// starts at its '{') and returns the number of dimensions (0 for an empty
// array) and their lengths. Its error details are PostgreSQL's.
absl::StatusOr<int> CountDimensions(std::string_view str, int* dim) {
  enum State { kNoLevel, kLevelStarted, kElemStarted, kElemCompleted, kQuotedElemStarted,
               kQuotedElemCompleted, kElemDelimited, kLevelCompleted, kLevelDelimited };
  int nest_level = 0;
  int ndim = 1;
  int temp[kMaxDimensions], nelems[kMaxDimensions], nelems_last[kMaxDimensions];
  for (int i = 0; i < kMaxDimensions; ++i) {
    temp[i] = dim[i] = nelems_last[i] = 0;
    nelems[i] = 1;
  }
  bool in_quotes = false, eo_array = false, empty_array = true;
  State state = kNoLevel;
  size_t p = 0;
  auto unexpected = [&](char c) { return Malformed(str, absl::StrCat("Unexpected \"", std::string(1, c), "\" character.")); };
  while (!eo_array) {
    bool item_done = false;
    while (!item_done) {
      if (state == kElemStarted || state == kQuotedElemStarted) empty_array = false;
      char c = At(str, p);
      switch (c) {
        case '\0':
          return Malformed(str, "Unexpected end of input.");
        case '\\':
          if (state != kLevelStarted && state != kElemStarted && state != kQuotedElemStarted &&
              state != kElemDelimited)
            return unexpected('\\');
          if (state != kQuotedElemStarted) state = kElemStarted;
          if (At(str, p + 1) == '\0') return Malformed(str, "Unexpected end of input.");
          ++p;
          break;
        case '"':
          if (state != kLevelStarted && state != kQuotedElemStarted && state != kElemDelimited)
            return Malformed(str, "Unexpected array element.");
          in_quotes = !in_quotes;
          state = in_quotes ? kQuotedElemStarted : kQuotedElemCompleted;
          break;
        case '{':
          if (!in_quotes) {
            if (state != kNoLevel && state != kLevelStarted && state != kLevelDelimited) return unexpected('{');
            state = kLevelStarted;
            if (nest_level >= kMaxDimensions) return TooManyDimensions(nest_level + 1);
            temp[nest_level] = 0;
            ++nest_level;
            if (ndim < nest_level) ndim = nest_level;
          }
          break;
        case '}':
          if (!in_quotes) {
            if (state != kElemStarted && state != kElemCompleted && state != kQuotedElemCompleted &&
                state != kLevelCompleted && !(nest_level == 1 && state == kLevelStarted))
              return unexpected('}');
            state = kLevelCompleted;
            if (nest_level == 0) return Malformed(str, "Unmatched \"}\" character.");
            --nest_level;
            if (nelems_last[nest_level] != 0 && nelems[nest_level] != nelems_last[nest_level])
              return Malformed(str, "Multidimensional arrays must have sub-arrays with matching dimensions.");
            nelems_last[nest_level] = nelems[nest_level];
            nelems[nest_level] = 1;
            if (nest_level == 0) {
              eo_array = item_done = true;
            } else {
              ++temp[nest_level - 1];
            }
          }
          break;
        default:
          if (!in_quotes) {
            if (c == ',') {
              if (state != kElemStarted && state != kElemCompleted && state != kQuotedElemCompleted &&
                  state != kLevelCompleted)
                return unexpected(',');
              state = state == kLevelCompleted ? kLevelDelimited : kElemDelimited;
              item_done = true;
              ++nelems[nest_level - 1];
            } else if (!IsArraySpace(c)) {
              if (state != kLevelStarted && state != kElemStarted && state != kElemDelimited)
                return Malformed(str, "Unexpected array element.");
              state = kElemStarted;
            }
          }
          break;
      }
      if (!item_done) ++p;
    }
    ++temp[ndim - 1];
    ++p;
  }
  for (; p < str.size(); ++p) {
    if (!IsArraySpace(str[p])) return Malformed(str, "Junk after closing right brace.");
  }
  if (empty_array) return 0;
  for (int i = 0; i < ndim; ++i) dim[i] = temp[i];
  return ndim;
}

// PostgreSQL's ReadArrayStr: splits the validated brace structure `str` into
// the element texts (de-quoted, de-escaped, trailing unquoted space dropped)
// in row-major order; nullopt for an unquoted NULL.
absl::Status ReadElements(std::string_view str, std::string_view orig, int ndim, const int* dim,
                          std::vector<std::optional<std::string>>& items) {
  int nitems = 1;
  for (int i = 0; i < ndim; ++i) nitems *= dim[i];
  items.assign(static_cast<size_t>(nitems), std::nullopt);
  int prod[kMaxDimensions];
  prod[ndim - 1] = 1;
  for (int i = ndim - 2; i >= 0; --i) prod[i] = prod[i + 1] * dim[i + 1];
  int indx[kMaxDimensions] = {0};
  int nest_level = 0;
  bool in_quotes = false, eo_array = false;
  size_t p = 0;
  auto offset = [&] {
    int off = 0;
    for (int i = 0; i < ndim; ++i) off += indx[i] * prod[i];
    return off;
  };
  while (!eo_array) {
    bool item_done = false, leading_space = true, has_quoting = false;
    int i = -1;
    std::string item;
    size_t end = 0;  // item.size() up to the last significant character
    while (!item_done) {
      char c = At(str, p);
      switch (c) {
        case '\0':
          return Malformed(orig);
        case '\\':
          ++p;
          if (At(str, p) == '\0') return Malformed(orig);
          item.push_back(str[p++]);
          leading_space = false;
          end = item.size();
          has_quoting = true;
          break;
        case '"':
          in_quotes = !in_quotes;
          if (in_quotes) {
            leading_space = false;
          } else {
            end = item.size();
          }
          has_quoting = true;
          ++p;
          break;
        case '{':
          if (!in_quotes) {
            if (nest_level >= ndim) return Malformed(orig);
            ++nest_level;
            indx[nest_level - 1] = 0;
            ++p;
          } else {
            item.push_back(str[p++]);
          }
          break;
        case '}':
          if (!in_quotes) {
            if (nest_level == 0) return Malformed(orig);
            if (i == -1) i = offset();
            indx[nest_level - 1] = 0;
            --nest_level;
            if (nest_level == 0) {
              eo_array = item_done = true;
            } else {
              ++indx[nest_level - 1];
            }
            ++p;
          } else {
            item.push_back(str[p++]);
          }
          break;
        default:
          if (in_quotes) {
            item.push_back(str[p++]);
          } else if (c == ',') {
            if (i == -1) i = offset();
            item_done = true;
            ++indx[ndim - 1];
            ++p;
          } else if (IsArraySpace(c)) {
            if (leading_space) {
              ++p;
            } else {
              item.push_back(str[p++]);
            }
          } else {
            item.push_back(str[p++]);
            leading_space = false;
            end = item.size();
          }
          break;
      }
    }
    item.resize(end);
    if (i < 0 || i >= nitems) return Malformed(orig);
    if (!has_quoting && absl::EqualsIgnoreCase(Absl(item), "NULL")) {
      items[static_cast<size_t>(i)] = std::nullopt;
    } else {
      items[static_cast<size_t>(i)] = std::move(item);
    }
  }
  return absl::OkStatus();
}

// atoi() as array_in uses it on dimension bounds.
int Atoi(std::string_view digits) {
  std::string s(digits);
  return std::atoi(s.c_str());
}

absl::StatusOr<Datum> ParseArray(const Type& type, std::string_view string) {
  ArrayValue value;
  int dim[kMaxDimensions] = {0};
  int lbound[kMaxDimensions] = {0};
  int ndim = 0;
  size_t p = 0;
  for (;;) {
    while (IsArraySpace(At(string, p))) ++p;
    if (At(string, p) != '[') break;
    ++p;
    if (ndim >= kMaxDimensions) return TooManyDimensions(ndim + 1);
    auto digits_end = [&](size_t q) {
      while (absl::ascii_isdigit(static_cast<unsigned char>(At(string, q))) || At(string, q) == '-' ||
             At(string, q) == '+')
        ++q;
      return q;
    };
    size_t q = digits_end(p);
    if (q == p) return Malformed(string, "\"[\" must introduce explicitly-specified array dimensions.");
    if (At(string, q) == ':') {
      lbound[ndim] = Atoi(string.substr(p, q - p));
      p = q + 1;
      q = digits_end(p);
      if (q == p) return Malformed(string, "Missing array dimension value.");
    } else {
      lbound[ndim] = 1;
    }
    if (At(string, q) != ']') return Malformed(string, "Missing \"]\" after array dimensions.");
    int ub = Atoi(string.substr(p, q - p));
    p = q + 1;
    if (ub < lbound[ndim]) return Error(kArraySubscriptError, "upper bound cannot be less than lower bound");
    dim[ndim] = ub - lbound[ndim] + 1;
    ++ndim;
  }
  std::string_view body = string.substr(std::min(p, string.size()));
  if (ndim == 0) {
    if (At(string, p) != '{')
      return Malformed(string, "Array value must start with \"{\" or dimension information.");
    absl::StatusOr<int> n = CountDimensions(body, dim);
    if (!n.ok()) return n.status();
    ndim = *n;
    for (int i = 0; i < ndim; ++i) lbound[i] = 1;
  } else {
    if (At(string, p) != '=') return Malformed(string, "Missing \"=\" after array dimensions.");
    ++p;
    while (IsArraySpace(At(string, p))) ++p;
    if (At(string, p) != '{') return Malformed(string, "Array contents must start with \"{\".");
    body = string.substr(p);
    int dim_braces[kMaxDimensions];
    absl::StatusOr<int> n = CountDimensions(body, dim_braces);
    if (!n.ok()) return n.status();
    bool match = *n == ndim;
    for (int i = 0; match && i < ndim; ++i) match = dim[i] == dim_braces[i];
    if (!match) return Malformed(string, "Specified array dimensions do not match array contents.");
  }
  if (ndim == 0) return Encode(value);
  int64_t nitems = 1;
  for (int i = 0; i < ndim; ++i) {
    nitems *= dim[i];
    if (nitems > kMaxArraySize) {
      return Error(sqlstate::kProgramLimitExceeded,
                   absl::StrCat("array size exceeds the maximum allowed (", kMaxArraySize, ")"));
    }
    if (static_cast<int64_t>(lbound[i]) + dim[i] > INT_MAX)
      return Error(sqlstate::kProgramLimitExceeded, absl::StrCat("array lower bound is too large: ", lbound[i]));
  }
  std::vector<std::optional<std::string>> items;
  if (absl::Status s = ReadElements(body, string, ndim, dim, items); !s.ok()) return s;
  Type element = ElementOf(type);
  value.elements.reserve(items.size());
  for (const std::optional<std::string>& item : items) {
    if (!item.has_value()) {
      value.elements.emplace_back();
      continue;
    }
    absl::StatusOr<Datum> d = types::ParseText(element, *item);
    if (!d.ok()) return d.status();
    value.elements.push_back(*std::move(d));
  }
  value.dims.assign(dim, dim + ndim);
  value.lower_bounds.assign(lbound, lbound + ndim);
  return Encode(value);
}

// int2vectorin: integers separated by whitespace.
absl::StatusOr<Datum> ParseInt2Vector(std::string_view text) {
  ArrayValue value;
  std::string s(text);
  const char* p = s.c_str();
  for (;;) {
    while (*p != '\0' && absl::ascii_isspace(static_cast<unsigned char>(*p))) ++p;
    if (*p == '\0') break;
    if (value.elements.size() == 100) {
      return Error(sqlstate::kInvalidParameterValue, "int2vector has too many elements");
    }
    errno = 0;
    char* endp = nullptr;
    long l = std::strtol(p, &endp, 10);
    if (endp == p || (*endp != '\0' && *endp != ' ')) {
      return Error(sqlstate::kInvalidTextRepresentation,
                   absl::StrCat("invalid input syntax for type smallint: \"", p, "\""));
    }
    if (errno == ERANGE || l < SHRT_MIN || l > SHRT_MAX) {
      return Error(sqlstate::kNumericValueOutOfRange,
                   absl::StrCat("value \"", p, "\" is out of range for type smallint"));
    }
    value.elements.push_back(Datum::FromInt(l));
    p = endp;
  }
  if (!value.elements.empty()) {
    value.dims = {static_cast<int>(value.elements.size())};
    value.lower_bounds = {0};
  }
  return Encode(value);
}

template <typename T>
void PutBigEndian(T v, std::string& out) {
  auto u = static_cast<std::make_unsigned_t<T>>(v);
  for (int i = sizeof(T) - 1; i >= 0; --i) out.push_back(static_cast<char>((u >> (8 * i)) & 0xff));
}

// Reads big-endian integers off the front of a binary message.
class BinaryReader {
 public:
  explicit BinaryReader(std::string_view bytes) : rest_(bytes) {}
  absl::Status Int32(int32_t& v) {
    if (rest_.size() < 4) return Insufficient();
    uint32_t u = 0;
    for (int i = 0; i < 4; ++i) u = (u << 8) | static_cast<unsigned char>(rest_[i]);
    rest_.remove_prefix(4);
    v = static_cast<int32_t>(u);
    return absl::OkStatus();
  }
  absl::Status Bytes(size_t n, std::string_view& v) {
    if (rest_.size() < n) return Insufficient();
    v = rest_.substr(0, n);
    rest_.remove_prefix(n);
    return absl::OkStatus();
  }
  bool done() const { return rest_.empty(); }

 private:
  static absl::Status Insufficient() {
    return Error(sqlstate::kInvalidBinaryRepresentation, "insufficient data left in message");
  }
  std::string_view rest_;
};

int Sign(int c) { return c < 0 ? -1 : c > 0 ? 1 : 0; }

// Decodes for the codec entry points, whose values come from our own
// encoder: a malformed one is a bug.
ArrayValue MustDecode(const Datum& d) {
  absl::StatusOr<ArrayValue> v = Decode(d);
  return v.ok() ? *std::move(v) : ArrayValue{};
}

}  // namespace

Datum Encode(const ArrayValue& value) {
  Row row;
  if (value.elements.empty()) {
    row.push_back(Datum::FromInt(0));
    return Datum::FromString(EncodeRow(row));
  }
  row.reserve(1 + 2 * value.dims.size() + value.elements.size());
  row.push_back(Datum::FromInt(value.ndim()));
  for (size_t i = 0; i < value.dims.size(); ++i) {
    row.push_back(Datum::FromInt(value.dims[i]));
    row.push_back(Datum::FromInt(value.lower_bounds[i]));
  }
  row.insert(row.end(), value.elements.begin(), value.elements.end());
  return Datum::FromString(EncodeRow(row));
}

absl::StatusOr<ArrayValue> Decode(const Datum& datum) {
  if (!datum.holds_string()) return absl::DataLossError("array datum is not a string");
  Row row;
  if (absl::Status s = DecodeRow(datum.as_string(), &row); !s.ok()) return s;
  if (row.empty() || !row[0].holds_int()) return absl::DataLossError("array datum without dimensions");
  ArrayValue value;
  int64_t ndim = row[0].as_int();
  if (ndim < 0 || ndim > kMaxDimensions || row.size() < 1 + 2 * static_cast<size_t>(ndim))
    return absl::DataLossError("array datum with bad dimensions");
  size_t n = ndim == 0 ? 0 : 1;
  for (int64_t i = 0; i < ndim; ++i) {
    const Datum& d = row[1 + 2 * i];
    const Datum& lb = row[2 + 2 * i];
    if (!d.holds_int() || !lb.holds_int()) return absl::DataLossError("array datum with bad dimensions");
    value.dims.push_back(static_cast<int>(d.as_int()));
    value.lower_bounds.push_back(static_cast<int>(lb.as_int()));
    n *= static_cast<size_t>(d.as_int());
  }
  size_t first = 1 + 2 * static_cast<size_t>(ndim);
  if (row.size() - first != n) return absl::DataLossError("array datum with the wrong number of elements");
  value.elements.assign(std::make_move_iterator(row.begin() + static_cast<ptrdiff_t>(first)),
                        std::make_move_iterator(row.end()));
  return value;
}

void AppendElementText(std::string_view text, std::string& out) {
  bool need_quote = text.empty() || absl::EqualsIgnoreCase(Absl(text), "NULL");
  for (char c : text) {
    if (c == '"' || c == '\\' || c == '{' || c == '}' || c == ',' || IsArraySpace(c)) {
      need_quote = true;
      break;
    }
  }
  if (!need_quote) {
    out.append(text.data(), text.size());
    return;
  }
  out.push_back('"');
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

void AppendText(const Type& type, const Datum& datum, std::string& out) {
  ArrayValue value = MustDecode(datum);
  if (type.id == TypeId::kInt2Vector) {
    for (size_t i = 0; i < value.elements.size(); ++i) {
      if (i > 0) out.push_back(' ');
      absl::StrAppend(&out, value.elements[i].as_int());
    }
    return;
  }
  if (value.empty()) {
    out += "{}";
    return;
  }
  const int ndim = value.ndim();
  if (std::any_of(value.lower_bounds.begin(), value.lower_bounds.end(), [](int lb) { return lb != 1; })) {
    for (int i = 0; i < ndim; ++i) {
      absl::StrAppend(&out, "[", value.lower_bounds[i], ":", value.lower_bounds[i] + value.dims[i] - 1, "]");
    }
    out.push_back('=');
  }
  Type element = ElementOf(type);
  std::vector<int> index(static_cast<size_t>(ndim), 0);
  std::string text;
  out.append(static_cast<size_t>(ndim), '{');
  for (size_t k = 0; k < value.elements.size(); ++k) {
    const Datum& e = value.elements[k];
    if (e.is_null()) {
      out += "NULL";
    } else {
      text.clear();
      types::AppendText(element, e, text);
      AppendElementText(text, out);
    }
    // Advance the row-major index: close the braces of finished dimensions
    // and open them again for the next element.
    int level = ndim - 1;
    while (level >= 0 && ++index[static_cast<size_t>(level)] == value.dims[static_cast<size_t>(level)]) {
      index[static_cast<size_t>(level)] = 0;
      out.push_back('}');
      --level;
    }
    if (level >= 0) {
      out.push_back(',');
      out.append(static_cast<size_t>(ndim - 1 - level), '{');
    }
  }
}

absl::StatusOr<Datum> ParseText(const Type& type, std::string_view text) {
  if (type.id == TypeId::kInt2Vector) return ParseInt2Vector(text);
  return ParseArray(type, text);
}

absl::Status AppendBinary(const Type& type, const Datum& datum, std::string& out) {
  ArrayValue value = MustDecode(datum);
  Type element = type.id == TypeId::kInt2Vector ? Type{TypeId::kInt2} : ElementOf(type);
  bool has_null = std::any_of(value.elements.begin(), value.elements.end(), [](const Datum& d) { return d.is_null(); });
  PutBigEndian<int32_t>(value.ndim(), out);
  PutBigEndian<int32_t>(has_null ? 1 : 0, out);
  PutBigEndian<uint32_t>(element.oid(), out);
  for (int i = 0; i < value.ndim(); ++i) {
    PutBigEndian<int32_t>(value.dims[static_cast<size_t>(i)], out);
    PutBigEndian<int32_t>(value.lower_bounds[static_cast<size_t>(i)], out);
  }
  std::string bytes;
  for (const Datum& e : value.elements) {
    if (e.is_null()) {
      PutBigEndian<int32_t>(-1, out);
      continue;
    }
    bytes.clear();
    if (absl::Status s = types::AppendBinary(element, e, bytes); !s.ok()) return s;
    PutBigEndian<int32_t>(static_cast<int32_t>(bytes.size()), out);
    out += bytes;
  }
  return absl::OkStatus();
}

absl::StatusOr<Datum> ParseBinary(const Type& type, std::string_view bytes) {
  const bool int2vector = type.id == TypeId::kInt2Vector;
  Type element = int2vector ? Type{TypeId::kInt2} : ElementOf(type);
  BinaryReader in(bytes);
  int32_t ndim = 0, flags = 0, element_oid = 0;
  if (absl::Status s = in.Int32(ndim); !s.ok()) return s;
  if (ndim < 0) {
    return Error(sqlstate::kInvalidBinaryRepresentation, absl::StrCat("invalid number of dimensions: ", ndim));
  }
  if (ndim > kMaxDimensions) {
    return Error(sqlstate::kProgramLimitExceeded,
                 absl::StrCat("number of array dimensions (", ndim, ") exceeds the maximum allowed (",
                              kMaxDimensions, ")"));
  }
  if (absl::Status s = in.Int32(flags); !s.ok()) return s;
  if (flags != 0 && flags != 1) return Error(sqlstate::kInvalidBinaryRepresentation, "invalid array flags");
  if (absl::Status s = in.Int32(element_oid); !s.ok()) return s;
  if (static_cast<uint32_t>(element_oid) != element.oid()) {
    std::optional<Type> got = TypeFromOid(static_cast<uint32_t>(element_oid));
    return Error(sqlstate::kDatatypeMismatch,
                 absl::StrCat("binary data has array element type ", static_cast<uint32_t>(element_oid), " (",
                              got ? TypName(*got) : std::string("???"), ") instead of expected ", element.oid(),
                              " (", TypName(element), ")"));
  }
  ArrayValue value;
  int64_t nitems = ndim == 0 ? 0 : 1;
  for (int i = 0; i < ndim; ++i) {
    int32_t d = 0, lb = 0;
    if (absl::Status s = in.Int32(d); !s.ok()) return s;
    if (absl::Status s = in.Int32(lb); !s.ok()) return s;
    if (d < 0) return Error(sqlstate::kInvalidBinaryRepresentation, "invalid array dimensions");
    if (static_cast<int64_t>(lb) + d > INT_MAX)
      return Error(sqlstate::kProgramLimitExceeded, "integer out of range");
    nitems *= d;
    if (nitems > kMaxArraySize) {
      return Error(sqlstate::kProgramLimitExceeded,
                   absl::StrCat("array size exceeds the maximum allowed (", kMaxArraySize, ")"));
    }
    value.dims.push_back(d);
    value.lower_bounds.push_back(lb);
  }
  for (int64_t k = 0; k < nitems; ++k) {
    int32_t len = 0;
    if (absl::Status s = in.Int32(len); !s.ok()) return s;
    if (len == -1) {
      value.elements.emplace_back();
      continue;
    }
    if (len < 0) return Error(sqlstate::kInvalidBinaryRepresentation, "insufficient data left in message");
    std::string_view item;
    if (absl::Status s = in.Bytes(static_cast<size_t>(len), item); !s.ok()) return s;
    absl::StatusOr<Datum> d = types::ParseBinary(element, item);
    if (!d.ok()) {
      return Error(sqlstate::kInvalidBinaryRepresentation,
                   absl::StrCat("improper binary format in array element ", k + 1));
    }
    value.elements.push_back(*std::move(d));
  }
  if (!in.done()) return Error(sqlstate::kInvalidBinaryRepresentation, "incorrect binary data format");
  if (int2vector) {
    bool ok = ndim == 0 || (ndim == 1 && value.lower_bounds[0] == 0 && flags == 0);
    if (!ok) return Error(sqlstate::kInvalidParameterValue, "invalid int2vector data");
  }
  if (nitems == 0) value = ArrayValue{};
  return Encode(value);
}

int Compare(const Type& type, const Datum& a, const Datum& b) {
  if (a == b) return 0;
  ArrayValue x = MustDecode(a), y = MustDecode(b);
  Type element = type.id == TypeId::kInt2Vector ? Type{TypeId::kInt2} : ElementOf(type);
  size_t n = std::min(x.elements.size(), y.elements.size());
  for (size_t i = 0; i < n; ++i) {
    const Datum& e1 = x.elements[i];
    const Datum& e2 = y.elements[i];
    if (e1.is_null() || e2.is_null()) {
      if (e1.is_null() && e2.is_null()) continue;
      return e1.is_null() ? 1 : -1;
    }
    if (int c = types::Compare(element, e1, e2); c != 0) return Sign(c);
  }
  if (x.elements.size() != y.elements.size()) return x.elements.size() < y.elements.size() ? -1 : 1;
  if (x.ndim() != y.ndim()) return x.ndim() < y.ndim() ? -1 : 1;
  for (int i = 0; i < x.ndim(); ++i) {
    if (x.dims[i] != y.dims[i]) return x.dims[i] < y.dims[i] ? -1 : 1;
  }
  for (int i = 0; i < x.ndim(); ++i) {
    if (x.lower_bounds[i] != y.lower_bounds[i]) return x.lower_bounds[i] < y.lower_bounds[i] ? -1 : 1;
  }
  return 0;
}

Datum FromElements(std::vector<Datum> elements) {
  ArrayValue value;
  if (!elements.empty()) {
    value.dims = {static_cast<int>(elements.size())};
    value.lower_bounds = {1};
    value.elements = std::move(elements);
  }
  return Encode(value);
}

absl::StatusOr<Datum> FromSubarrays(const std::vector<Datum>& subarrays, StackMode mode) {
  auto too_many_dimensions = [](int ndim) {
    return Error(sqlstate::kProgramLimitExceeded,
                 absl::StrCat("number of array dimensions (", ndim, ") exceeds the maximum allowed (", kMaxDimensions,
                              ")"));
  };
  const bool agg = mode == StackMode::kArrayAgg;
  ArrayValue result;
  bool first = true;
  // ARRAY[] (ExecEvalArrayExpr): NULL and empty subarrays are allowed only
  // when every subarray is one of them, which gives the empty array.
  bool have_empty = false;
  int count = 0;
  for (const Datum& d : subarrays) {
    if (d.is_null()) {
      if (agg) return Error(sqlstate::kNullValueNotAllowed, "cannot accumulate null arrays");
      have_empty = true;
      continue;
    }
    absl::StatusOr<ArrayValue> sub = Decode(d);
    if (!sub.ok()) return sub.status();
    if (sub->ndim() == 0) {
      if (agg) return Error(kArraySubscriptError, "cannot accumulate empty arrays");
      have_empty = true;
      continue;
    }
    if (sub->ndim() + 1 > kMaxDimensions) return too_many_dimensions(sub->ndim() + 1);
    if (first) {
      result.dims = sub->dims;
      result.lower_bounds = sub->lower_bounds;
      first = false;
    } else if (sub->dims != result.dims || sub->lower_bounds != result.lower_bounds) {
      if (agg) return Error(kArraySubscriptError, "cannot accumulate arrays of different dimensionality");
      return Error(kArraySubscriptError, "multidimensional arrays must have array expressions with matching dimensions");
    }
    ++count;
    result.elements.insert(result.elements.end(), sub->elements.begin(), sub->elements.end());
  }
  if (count == 0) return Encode(ArrayValue{});
  if (have_empty) {
    return Error(kArraySubscriptError, "multidimensional arrays must have array expressions with matching dimensions");
  }
  result.dims.insert(result.dims.begin(), count);
  result.lower_bounds.insert(result.lower_bounds.begin(), 1);
  return Encode(result);
}

int Cardinality(const ArrayValue& value) { return static_cast<int>(value.elements.size()); }

Datum Subscript(const ArrayValue& value, const std::vector<int>& indexes) {
  if (value.empty() || static_cast<int>(indexes.size()) != value.ndim()) return Datum();
  size_t offset = 0;
  for (int i = 0; i < value.ndim(); ++i) {
    int64_t k = static_cast<int64_t>(indexes[i]) - value.lower_bounds[i];
    if (k < 0 || k >= value.dims[i]) return Datum();
    offset = offset * static_cast<size_t>(value.dims[i]) + static_cast<size_t>(k);
  }
  return value.elements[offset];
}

Datum Slice(const ArrayValue& value, const std::vector<SliceBound>& bounds) {
  const int ndim = value.ndim();
  if (value.empty() || static_cast<int>(bounds.size()) > ndim) return Encode(ArrayValue{});
  std::vector<int64_t> lo(static_cast<size_t>(ndim)), hi(static_cast<size_t>(ndim));
  ArrayValue result;
  for (int i = 0; i < ndim; ++i) {
    int64_t lb = value.lower_bounds[i], ub = lb + value.dims[i] - 1;
    lo[i] = lb;
    hi[i] = ub;
    if (i < static_cast<int>(bounds.size())) {
      if (bounds[i].lower) lo[i] = std::max<int64_t>(lb, *bounds[i].lower);
      if (bounds[i].upper) hi[i] = std::min<int64_t>(ub, *bounds[i].upper);
    }
    if (lo[i] > hi[i]) return Encode(ArrayValue{});
    result.dims.push_back(static_cast<int>(hi[i] - lo[i] + 1));
    result.lower_bounds.push_back(1);
  }
  // Walk the slice's index space in row-major order.
  std::vector<int64_t> idx(lo);
  for (;;) {
    size_t offset = 0;
    for (int i = 0; i < ndim; ++i) {
      offset = offset * static_cast<size_t>(value.dims[i]) + static_cast<size_t>(idx[i] - value.lower_bounds[i]);
    }
    result.elements.push_back(value.elements[offset]);
    int level = ndim - 1;
    while (level >= 0 && ++idx[level] > hi[level]) {
      idx[level] = lo[level];
      --level;
    }
    if (level < 0) break;
  }
  return Encode(result);
}

std::optional<bool> AnyOf(const std::vector<std::optional<bool>>& results) {
  bool saw_null = false;
  for (const std::optional<bool>& r : results) {
    if (!r.has_value()) {
      saw_null = true;
    } else if (*r) {
      return true;
    }
  }
  if (saw_null) return std::nullopt;
  return false;
}

std::optional<bool> AllOf(const std::vector<std::optional<bool>>& results) {
  bool saw_null = false;
  for (const std::optional<bool>& r : results) {
    if (!r.has_value()) {
      saw_null = true;
    } else if (!*r) {
      return false;
    }
  }
  if (saw_null) return std::nullopt;
  return true;
}

}  // namespace freshet::types::array
