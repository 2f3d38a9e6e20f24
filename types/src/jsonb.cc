#include "types/jsonb.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/error.h"
#include "types/array.h"
#include "types/format.h"
#include "types/numeric.h"

namespace freshet::types::jsonb {

// ---------------------------------------------------------------------------
// Value

Value Value::Bool(bool b) {
  Value v;
  v.kind_ = Kind::kBool;
  v.bool_ = b;
  return v;
}

Value Value::Number(std::string text) {
  Value v;
  v.kind_ = Kind::kNumber;
  v.str_ = std::move(text);
  return v;
}

Value Value::String(std::string s) {
  Value v;
  v.kind_ = Kind::kString;
  v.str_ = std::move(s);
  return v;
}

Value Value::Array(std::vector<Value> elements) {
  Value v;
  v.kind_ = Kind::kArray;
  v.elements_ = std::move(elements);
  return v;
}

bool KeyLess(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size();
  return a < b;
}

Value Value::Object(std::vector<Member> members) {
  Value v;
  v.kind_ = Kind::kObject;
  bool sorted = true;
  for (size_t i = 1; i < members.size() && sorted; ++i) {
    sorted = KeyLess(members[i - 1].first, members[i].first);
  }
  if (!sorted) {
    // Stable, so that among equal keys the last one given stays last.
    std::stable_sort(members.begin(), members.end(),
                     [](const Member& a, const Member& b) { return KeyLess(a.first, b.first); });
    size_t out = 0;
    for (size_t i = 0; i < members.size(); ++i) {
      if (i + 1 < members.size() && members[i + 1].first == members[i].first) continue;
      if (out != i) members[out] = std::move(members[i]);
      ++out;
    }
    members.resize(out);
  }
  v.members_ = std::move(members);
  return v;
}

namespace {

std::vector<Value::Member>::const_iterator LowerBound(const std::vector<Value::Member>& members,
                                                     std::string_view key) {
  return std::lower_bound(members.begin(), members.end(), key,
                          [](const Value::Member& m, std::string_view k) { return KeyLess(m.first, k); });
}

}  // namespace

const Value* Value::Find(std::string_view key) const {
  if (kind_ != Kind::kObject) return nullptr;
  auto it = LowerBound(members_, key);
  if (it == members_.end() || it->first != key) return nullptr;
  return &it->second;
}

void Value::Set(std::string key, Value value) {
  auto it = LowerBound(members_, key);
  size_t i = static_cast<size_t>(it - members_.begin());
  if (it != members_.end() && it->first == key) {
    members_[i].second = std::move(value);
  } else {
    members_.insert(members_.begin() + static_cast<std::ptrdiff_t>(i), Member(std::move(key), std::move(value)));
  }
}

bool Value::Erase(std::string_view key) {
  auto it = LowerBound(members_, key);
  if (it == members_.end() || it->first != key) return false;
  members_.erase(it);
  return true;
}

// ---------------------------------------------------------------------------
// Parsing: PostgreSQL's json lexer and recursive-descent parser (jsonapi.c),
// token by token, so that the first error reported is PostgreSQL's.

namespace {

enum class Tok : uint8_t {
  kObjectStart,
  kObjectEnd,
  kArrayStart,
  kArrayEnd,
  kComma,
  kColon,
  kString,
  kNumber,
  kTrue,
  kFalse,
  kNull,
  kEnd,
};

// Where in the grammar a token was unexpected (report_parse_error).
enum class Ctx : uint8_t { kEnd, kValue, kString, kArrayNext, kObjectStart, kObjectLabel, kObjectNext };

// Deeper nesting fails like PostgreSQL's stack depth check instead of
// overflowing our stack.
constexpr int kMaxDepth = 6000;

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         (static_cast<unsigned char>(c) & 0x80) != 0;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// The length of the UTF-8 character starting with byte `c` (1 for invalid).
size_t Utf8Len(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u < 0xC0) return 1;
  if (u < 0xE0) return 2;
  if (u < 0xF0) return 3;
  return 4;
}

class Parser {
 public:
  // `canonical`: the text is a jsonb Datum, already valid and normalized.
  Parser(std::string_view in, bool canonical) : in_(in), canonical_(canonical) {}

  absl::Status Run(Value& out) {
    if (!Lex()) return status_;
    if (!ParseValue(out, 0)) return status_;
    if (!Expect(Ctx::kEnd, Tok::kEnd)) return status_;
    return absl::OkStatus();
  }

 private:
  std::string_view TokenText() const { return in_.substr(tok_start_, tok_end_ - tok_start_); }

  bool Fail(std::string detail) {
    status_ = Error(sqlstate::kInvalidTextRepresentation, "invalid input syntax for type json").Detail(std::move(detail));
    return false;
  }
  bool FailToken() {
    std::string_view t = TokenText();
    return Fail(absl::StrCat("Token \"", absl::string_view(t.data(), t.size()), "\" is invalid."));
  }

  // report_parse_error: the current token was not expected in `ctx`.
  bool FailParse(Ctx ctx) {
    if (tok_ == Tok::kEnd) return Fail("The input string ended unexpectedly.");
    std::string_view t = TokenText();
    absl::string_view tok(t.data(), t.size());
    switch (ctx) {
      case Ctx::kEnd:
        return Fail(absl::StrCat("Expected end of input, but found \"", tok, "\"."));
      case Ctx::kValue:
        return Fail(absl::StrCat("Expected JSON value, but found \"", tok, "\"."));
      case Ctx::kString:
        return Fail(absl::StrCat("Expected string, but found \"", tok, "\"."));
      case Ctx::kArrayNext:
        return Fail(absl::StrCat("Expected \",\" or \"]\", but found \"", tok, "\"."));
      case Ctx::kObjectStart:
        return Fail(absl::StrCat("Expected string or \"}\", but found \"", tok, "\"."));
      case Ctx::kObjectLabel:
        return Fail(absl::StrCat("Expected \":\", but found \"", tok, "\"."));
      case Ctx::kObjectNext:
        return Fail(absl::StrCat("Expected \",\" or \"}\", but found \"", tok, "\"."));
    }
    return Fail("");
  }

  bool Expect(Ctx ctx, Tok tok) {
    if (tok_ != tok) return FailParse(ctx);
    return Lex();
  }

  // json_lex: reads the next token into tok_ (and strval_ for strings).
  bool Lex() {
    size_t p = pos_;
    while (p < in_.size() && (in_[p] == ' ' || in_[p] == '\t' || in_[p] == '\n' || in_[p] == '\r')) ++p;
    tok_start_ = p;
    if (p == in_.size()) {
      tok_ = Tok::kEnd;
      tok_end_ = pos_ = p;
      return true;
    }
    char c = in_[p];
    Tok single = Tok::kEnd;
    switch (c) {
      case '{': single = Tok::kObjectStart; break;
      case '}': single = Tok::kObjectEnd; break;
      case '[': single = Tok::kArrayStart; break;
      case ']': single = Tok::kArrayEnd; break;
      case ',': single = Tok::kComma; break;
      case ':': single = Tok::kColon; break;
      case '"': return LexString(p);
      case '-': return LexNumber(p + 1);
      default:
        if (IsDigit(c)) return LexNumber(p);
        break;
    }
    if (single != Tok::kEnd) {
      tok_ = single;
      tok_end_ = pos_ = p + 1;
      return true;
    }
    size_t e = p;
    while (e < in_.size() && IsAlnum(in_[e])) ++e;
    tok_end_ = pos_ = (e == p) ? p + 1 : e;
    std::string_view word = in_.substr(p, e - p);
    if (word == "true") {
      tok_ = Tok::kTrue;
    } else if (word == "false") {
      tok_ = Tok::kFalse;
    } else if (word == "null") {
      tok_ = Tok::kNull;
    } else {
      return FailToken();
    }
    return true;
  }

  // json_lex_number; `s` is just past an optional leading '-'.
  bool LexNumber(size_t s) {
    const size_t n = in_.size();
    bool error = false;
    if (s < n && in_[s] == '0') {
      ++s;
    } else if (s < n && in_[s] >= '1' && in_[s] <= '9') {
      while (s < n && IsDigit(in_[s])) ++s;
    } else {
      error = true;
    }
    if (s < n && in_[s] == '.') {
      ++s;
      if (s == n || !IsDigit(in_[s])) {
        error = true;
      } else {
        while (s < n && IsDigit(in_[s])) ++s;
      }
    }
    if (s < n && (in_[s] == 'e' || in_[s] == 'E')) {
      ++s;
      if (s < n && (in_[s] == '+' || in_[s] == '-')) ++s;
      if (s == n || !IsDigit(in_[s])) {
        error = true;
      } else {
        while (s < n && IsDigit(in_[s])) ++s;
      }
    }
    for (; s < n && IsAlnum(in_[s]); ++s) error = true;
    tok_end_ = pos_ = s;
    if (error) return FailToken();
    tok_ = Tok::kNumber;
    return true;
  }

  // json_lex_string; `s` is at the opening quote.
  bool LexString(size_t s) {
    const size_t n = in_.size();
    strval_.clear();
    int hi_surrogate = -1;
    for (;;) {
      ++s;
      // The common case: a run of characters that need no decoding.
      size_t run = s;
      while (run < n && in_[run] != '"' && in_[run] != '\\' && static_cast<unsigned char>(in_[run]) >= 32) ++run;
      if (run > s) {
        if (hi_surrogate != -1) return Fail("Unicode low surrogate must follow a high surrogate.");
        strval_.append(in_.data() + s, run - s);
        s = run;
      }
      if (s >= n) {
        tok_end_ = pos_ = s;
        return FailToken();
      }
      char c = in_[s];
      if (c == '"') break;
      if (static_cast<unsigned char>(c) < 32) {
        return Fail(absl::StrCat("Character with value 0x", absl::Hex(static_cast<unsigned char>(c), absl::kZeroPad2),
                                 " must be escaped."));
      }
      // A backslash.
      ++s;
      if (s >= n) {
        tok_end_ = pos_ = s;
        return FailToken();
      }
      c = in_[s];
      if (c == 'u') {
        int ch = 0;
        for (int i = 1; i <= 4; ++i) {
          ++s;
          if (s >= n) {
            tok_end_ = pos_ = s;
            return FailToken();
          }
          char h = in_[s];
          if (h >= '0' && h <= '9') {
            ch = ch * 16 + (h - '0');
          } else if (h >= 'a' && h <= 'f') {
            ch = ch * 16 + (h - 'a') + 10;
          } else if (h >= 'A' && h <= 'F') {
            ch = ch * 16 + (h - 'A') + 10;
          } else {
            return Fail("\"\\u\" must be followed by four hexadecimal digits.");
          }
        }
        if (ch >= 0xD800 && ch <= 0xDBFF) {
          if (hi_surrogate != -1) return Fail("Unicode high surrogate must not follow a high surrogate.");
          hi_surrogate = ch;
          continue;
        }
        if (ch >= 0xDC00 && ch <= 0xDFFF) {
          if (hi_surrogate == -1) return Fail("Unicode low surrogate must follow a high surrogate.");
          ch = ((hi_surrogate & 0x3FF) << 10) + (ch & 0x3FF) + 0x10000;
          hi_surrogate = -1;
        }
        if (hi_surrogate != -1) return Fail("Unicode low surrogate must follow a high surrogate.");
        if (ch == 0) {
          status_ = Error("22P05", "unsupported Unicode escape sequence").Detail("\\u0000 cannot be converted to text.");
          return false;
        }
        AppendUtf8(static_cast<uint32_t>(ch), strval_);
        continue;
      }
      if (hi_surrogate != -1) return Fail("Unicode low surrogate must follow a high surrogate.");
      switch (c) {
        case '"':
        case '\\':
        case '/':
          strval_.push_back(c);
          break;
        case 'b': strval_.push_back('\b'); break;
        case 'f': strval_.push_back('\f'); break;
        case 'n': strval_.push_back('\n'); break;
        case 'r': strval_.push_back('\r'); break;
        case 't': strval_.push_back('\t'); break;
        default: {
          std::string_view esc = in_.substr(s, std::min(Utf8Len(c), n - s));
          return Fail(absl::StrCat("Escape sequence \"\\", absl::string_view(esc.data(), esc.size()), "\" is invalid."));
        }
      }
    }
    if (hi_surrogate != -1) return Fail("Unicode low surrogate must follow a high surrogate.");
    tok_ = Tok::kString;
    tok_end_ = pos_ = s + 1;
    return true;
  }

  bool ParseValue(Value& out, int depth) {
    switch (tok_) {
      case Tok::kObjectStart: return ParseObject(out, depth + 1);
      case Tok::kArrayStart: return ParseArray(out, depth + 1);
      default: return ParseScalar(out);
    }
  }

  bool ParseScalar(Value& out) {
    switch (tok_) {
      case Tok::kString:
        out = Value::String(std::move(strval_));
        break;
      case Tok::kNumber: {
        std::string_view t = TokenText();
        if (canonical_) {
          out = Value::Number(std::string(t));
          break;
        }
        absl::StatusOr<Datum> n = numeric::ParseText(Type{TypeId::kNumeric}, t);
        if (!n.ok()) {
          status_ = n.status();
          return false;
        }
        out = Value::Number(n->as_string());
        break;
      }
      case Tok::kTrue: out = Value::Bool(true); break;
      case Tok::kFalse: out = Value::Bool(false); break;
      case Tok::kNull: out = Value::Null(); break;
      default: return FailParse(Ctx::kValue);
    }
    return Lex();
  }

  bool CheckDepth(int depth) {
    if (depth <= kMaxDepth) return true;
    status_ = Error("54001", "stack depth limit exceeded")
                  .Hint("Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), after ensuring "
                        "the platform's stack depth limit is adequate.");
    return false;
  }

  bool ParseObject(Value& out, int depth) {
    if (!CheckDepth(depth)) return false;
    if (!Lex()) return false;  // past '{'
    std::vector<Value::Member> members;
    if (tok_ == Tok::kString) {
      if (!ParseField(members, depth)) return false;
      while (tok_ == Tok::kComma) {
        if (!Lex()) return false;
        if (!ParseField(members, depth)) return false;
      }
    } else if (tok_ != Tok::kObjectEnd) {
      return FailParse(Ctx::kObjectStart);
    }
    if (!Expect(Ctx::kObjectNext, Tok::kObjectEnd)) return false;
    out = Value::Object(std::move(members));
    return true;
  }

  bool ParseField(std::vector<Value::Member>& members, int depth) {
    if (tok_ != Tok::kString) return FailParse(Ctx::kString);
    std::string key = std::move(strval_);
    if (!Lex()) return false;
    if (!Expect(Ctx::kObjectLabel, Tok::kColon)) return false;
    Value v;
    if (!ParseValue(v, depth)) return false;
    members.emplace_back(std::move(key), std::move(v));
    return true;
  }

  bool ParseArray(Value& out, int depth) {
    if (!CheckDepth(depth)) return false;
    if (!Lex()) return false;  // past '['
    std::vector<Value> elements;
    if (tok_ != Tok::kArrayEnd) {
      elements.emplace_back();
      if (!ParseValue(elements.back(), depth)) return false;
      while (tok_ == Tok::kComma) {
        if (!Lex()) return false;
        elements.emplace_back();
        if (!ParseValue(elements.back(), depth)) return false;
      }
    }
    if (!Expect(Ctx::kArrayNext, Tok::kArrayEnd)) return false;
    out = Value::Array(std::move(elements));
    return true;
  }

  std::string_view in_;
  bool canonical_;
  size_t pos_ = 0;  // just past the current token
  Tok tok_ = Tok::kEnd;
  size_t tok_start_ = 0;
  size_t tok_end_ = 0;
  std::string strval_;
  absl::Status status_;
};

}  // namespace

absl::StatusOr<Value> Parse(std::string_view text) {
  Value v;
  Parser parser(text, /*canonical=*/false);
  if (absl::Status s = parser.Run(v); !s.ok()) return s;
  return v;
}

Value FromDatum(const Datum& datum) {
  Value v;
  Parser parser(datum.as_string(), /*canonical=*/true);
  // A Datum of type jsonb always holds a valid canonical text.
  (void)parser.Run(v).ok();
  return v;
}

// ---------------------------------------------------------------------------
// Output

void AppendQuoted(std::string_view s, std::string& out) {
  out.push_back('"');
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 32 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      default: absl::StrAppend(&out, "\\u", absl::Hex(c, absl::kZeroPad4)); break;
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

namespace {

void AppendScalar(const Value& v, std::string& out) {
  switch (v.kind()) {
    case Value::Kind::kNull: out += "null"; break;
    case Value::Kind::kBool: out += v.as_bool() ? "true" : "false"; break;
    case Value::Kind::kNumber: out += v.str(); break;
    case Value::Kind::kString: AppendQuoted(v.str(), out); break;
    default: break;
  }
}

void AppendIndent(int level, std::string& out) { out.append(static_cast<size_t>(level) * 4, ' '); }

// JsonbToCStringIndent: containers open on the current line; every item,
// and the closing bracket, on its own line.
void SerializePretty(const Value& v, int level, std::string& out) {
  if (v.kind() == Value::Kind::kArray) {
    out.push_back('[');
    bool first = true;
    for (const Value& e : v.elements()) {
      if (!first) out.push_back(',');
      first = false;
      out.push_back('\n');
      AppendIndent(level + 1, out);
      SerializePretty(e, level + 1, out);
    }
    out.push_back('\n');
    AppendIndent(level, out);
    out.push_back(']');
  } else if (v.kind() == Value::Kind::kObject) {
    out.push_back('{');
    bool first = true;
    for (const auto& [key, value] : v.members()) {
      if (!first) out.push_back(',');
      first = false;
      out.push_back('\n');
      AppendIndent(level + 1, out);
      AppendQuoted(key, out);
      out += ": ";
      SerializePretty(value, level + 1, out);
    }
    out.push_back('\n');
    AppendIndent(level, out);
    out.push_back('}');
  } else {
    AppendScalar(v, out);
  }
}

}  // namespace

void Serialize(const Value& v, std::string& out) {
  if (v.kind() == Value::Kind::kArray) {
    out.push_back('[');
    bool first = true;
    for (const Value& e : v.elements()) {
      if (!first) out += ", ";
      first = false;
      Serialize(e, out);
    }
    out.push_back(']');
  } else if (v.kind() == Value::Kind::kObject) {
    out.push_back('{');
    bool first = true;
    for (const auto& [key, value] : v.members()) {
      if (!first) out += ", ";
      first = false;
      AppendQuoted(key, out);
      out += ": ";
      Serialize(value, out);
    }
    out.push_back('}');
  } else {
    AppendScalar(v, out);
  }
}

std::string ToText(const Value& value) {
  std::string out;
  Serialize(value, out);
  return out;
}

Datum ToDatum(const Value& value) { return Datum::FromString(ToText(value)); }

std::string ToPrettyText(const Value& value) {
  std::string out;
  SerializePretty(value, 0, out);
  return out;
}

// ---------------------------------------------------------------------------
// Comparison (jsonb_util.c: compareJsonbContainers, compareJsonbScalarValue)

namespace {

int Sign(int c) { return c < 0 ? -1 : c > 0 ? 1 : 0; }

int CompareScalars(const Value& a, const Value& b) {
  switch (a.kind()) {
    case Value::Kind::kNull: return 0;
    // varstr_cmp under the C collation: bytewise, then the shorter first.
    case Value::Kind::kString: return Sign(a.str().compare(b.str()));
    case Value::Kind::kNumber: return numeric::CompareText(a.str(), b.str());
    case Value::Kind::kBool: return a.as_bool() == b.as_bool() ? 0 : a.as_bool() ? 1 : -1;
    default: return 0;
  }
}

// Two values below the top level (no raw scalars).
int CompareNested(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return a.kind() > b.kind() ? 1 : -1;
  if (a.kind() == Value::Kind::kArray) {
    const auto& ea = a.elements();
    const auto& eb = b.elements();
    if (ea.size() != eb.size()) return ea.size() > eb.size() ? 1 : -1;
    for (size_t i = 0; i < ea.size(); ++i) {
      if (int c = CompareNested(ea[i], eb[i]); c != 0) return c;
    }
    return 0;
  }
  if (a.kind() == Value::Kind::kObject) {
    const auto& ma = a.members();
    const auto& mb = b.members();
    if (ma.size() != mb.size()) return ma.size() > mb.size() ? 1 : -1;
    for (size_t i = 0; i < ma.size(); ++i) {
      if (int c = Sign(ma[i].first.compare(mb[i].first)); c != 0) return c;
      if (int c = CompareNested(ma[i].second, mb[i].second); c != 0) return c;
    }
    return 0;
  }
  return CompareScalars(a, b);
}

}  // namespace

int CompareValues(const Value& a, const Value& b) {
  // At the top level a scalar is a one-element "raw scalar" array, so it
  // sorts with arrays: below arrays of one or more elements, above [].
  bool a_obj = a.kind() == Value::Kind::kObject;
  bool b_obj = b.kind() == Value::Kind::kObject;
  if (a_obj != b_obj) return a_obj ? 1 : -1;
  if (a_obj) return CompareNested(a, b);
  bool a_raw = a.is_scalar(), b_raw = b.is_scalar();
  size_t na = a_raw ? 1 : a.elements().size();
  size_t nb = b_raw ? 1 : b.elements().size();
  if (na != nb) return na > nb ? 1 : -1;
  if (a_raw != b_raw) return a_raw ? -1 : 1;
  if (a_raw) return CompareNested(a, b);
  return CompareNested(a, b);
}

bool ScalarEquals(const Value& a, const Value& b) {
  return a.kind() == b.kind() && a.is_scalar() && CompareScalars(a, b) == 0;
}

namespace {

// JsonbDeepContains below the top level: both are containers of one kind.
bool ContainsNested(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  if (a.kind() == Value::Kind::kObject) {
    if (a.members().size() < b.members().size()) return false;
    for (const auto& [key, bv] : b.members()) {
      const Value* av = a.Find(key);
      if (av == nullptr || av->kind() != bv.kind()) return false;
      if (av->is_scalar() ? !ScalarEquals(*av, bv) : !ContainsNested(*av, bv)) return false;
    }
    return true;
  }
  if (a.kind() != Value::Kind::kArray) return false;
  for (const Value& be : b.elements()) {
    bool found = false;
    for (const Value& ae : a.elements()) {
      if (be.is_scalar() ? ScalarEquals(ae, be) : (!ae.is_scalar() && ContainsNested(ae, be))) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

}  // namespace

bool Contains(const Value& a, const Value& b) {
  // Raw scalars are one-element arrays here too; a raw scalar contains no
  // real array.
  if (a.is_scalar() || b.is_scalar()) {
    if (a.kind() == Value::Kind::kObject || b.kind() == Value::Kind::kObject) return false;
    if (a.is_scalar() && !b.is_scalar()) return false;
    if (b.is_scalar()) {
      if (a.is_scalar()) return ScalarEquals(a, b);
      for (const Value& ae : a.elements()) {
        if (ScalarEquals(ae, b)) return true;
      }
      return false;
    }
  }
  return ContainsNested(a, b);
}

// ---------------------------------------------------------------------------
// to_jsonb

namespace {

// The ISO text of a date/time value made into xsd:dateTime, as PostgreSQL's
// JsonEncodeDateTime prints it: 'T' between date and time, and a time zone
// with minutes ("+00:00").
std::string XsdDateTime(std::string text, bool with_zone) {
  size_t space = text.find(' ');
  if (space == std::string::npos || space + 1 >= text.size() || !IsDigit(text[space + 1])) return text;
  text[space] = 'T';
  if (!with_zone) return text;
  size_t zone = text.find_first_of("+-", space + 1);
  if (zone == std::string::npos) return text;
  size_t zone_end = text.find(' ', zone);
  if (zone_end == std::string::npos) zone_end = text.size();
  if (zone_end - zone == 3) text.insert(zone_end, ":00");
  return text;
}

// A number's text as a JSON number, or a string when it is not one (NaN,
// Infinity), as datum_to_jsonb decides.
Value NumberOrString(std::string text) {
  if (text.find_first_of("Nn") != std::string::npos) return Value::String(std::move(text));
  absl::StatusOr<Datum> n = numeric::ParseText(Type{TypeId::kNumeric}, text);
  if (!n.ok()) return Value::String(std::move(text));
  return Value::Number(n->as_string());
}

// array_dim_to_jsonb: one JSON array per dimension, elements in row-major
// order starting at `next`.
absl::StatusOr<Value> ArrayToJsonb(const array::ArrayValue& arr, const Type& element, int dim, size_t& next) {
  std::vector<Value> out;
  if (dim >= arr.ndim()) return Value::Array();
  out.reserve(static_cast<size_t>(arr.dims[static_cast<size_t>(dim)]));
  for (int i = 0; i < arr.dims[static_cast<size_t>(dim)]; ++i) {
    if (dim + 1 < arr.ndim()) {
      absl::StatusOr<Value> sub = ArrayToJsonb(arr, element, dim + 1, next);
      if (!sub.ok()) return sub.status();
      out.push_back(std::move(*sub));
    } else {
      absl::StatusOr<Value> v = ToJsonb(element, arr.elements[next++]);
      if (!v.ok()) return v.status();
      out.push_back(std::move(*v));
    }
  }
  return Value::Array(std::move(out));
}

}  // namespace

absl::StatusOr<Value> ToJsonb(const Type& type, const Datum& value) {
  if (value.is_null()) return Value::Null();
  switch (type.id) {
    case TypeId::kBool:
      return Value::Bool(value.as_bool());
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
      return Value::Number(absl::StrCat(value.as_int()));
    case TypeId::kFloat4:
    case TypeId::kFloat8:
    case TypeId::kNumeric:
      return NumberOrString(types::ToText(type, value));
    case TypeId::kJsonb:
      return FromDatum(value);
    case TypeId::kTimestamp:
      return Value::String(XsdDateTime(types::ToText(type, value), false));
    case TypeId::kTimestamptz:
      return Value::String(XsdDateTime(types::ToText(type, value), true));
    case TypeId::kArray:
    case TypeId::kInt2Vector: {
      absl::StatusOr<array::ArrayValue> arr = array::Decode(value);
      if (!arr.ok()) return arr.status();
      Type element = type.id == TypeId::kArray ? ElementOf(type) : Type{TypeId::kInt2};
      size_t next = 0;
      return ArrayToJsonb(*arr, element, 0, next);
    }
    default:
      return Value::String(types::ToText(type, value));
  }
}

// ---------------------------------------------------------------------------
// Codec entry points

void AppendText(const Type&, const Datum& value, std::string& out) { out += value.as_string(); }

absl::StatusOr<Datum> ParseText(const Type&, std::string_view text) {
  absl::StatusOr<Value> v = jsonb::Parse(text);
  if (!v.ok()) return v.status();
  return ToDatum(*v);
}

// jsonb_send: a version byte (1), then the text.
absl::Status AppendBinary(const Type&, const Datum& value, std::string& out) {
  out.push_back(1);
  out += value.as_string();
  return absl::OkStatus();
}

absl::StatusOr<Datum> ParseBinary(const Type& type, std::string_view bytes) {
  if (bytes.empty() || bytes[0] != 1) {
    return Error(sqlstate::kInternalError,
                 absl::StrCat("unsupported jsonb version number ", bytes.empty() ? 0 : static_cast<int>(bytes[0])));
  }
  return jsonb::ParseText(type, bytes.substr(1));
}

int Compare(const Type&, const Datum& a, const Datum& b) {
  if (a.as_string() == b.as_string()) return 0;
  return CompareValues(FromDatum(a), FromDatum(b));
}

}  // namespace freshet::types::jsonb
