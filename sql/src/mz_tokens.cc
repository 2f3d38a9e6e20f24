// MzParser's token layer: reading words and punctuation, reporting what was
// found where something else was expected, and the names, literals and
// expressions the statements are made of.
#include <pg_query.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/error.h"
#include "mz_parser.h"

namespace freshet::sql {
namespace {

bool IsQuoted(std::string_view text) { return !text.empty() && text[0] == '"'; }

std::string Quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string_view TokenName(pg_query::Token token) {
  switch (token) {
    case pg_query::ASCII_40: return "left parenthesis";
    case pg_query::ASCII_41: return "right parenthesis";
    case pg_query::ASCII_44: return "comma";
    case pg_query::ASCII_46: return "dot";
    case pg_query::ASCII_59: return "semicolon";
    case pg_query::ASCII_61: return "equals sign";
    case pg_query::ASCII_42: return "star";
    case pg_query::ASCII_91: return "left square bracket";
    case pg_query::ASCII_93: return "right square bracket";
    case pg_query::ASCII_58: return "colon";
    case pg_query::TYPECAST: return "double colon";
    default: return "";
  }
}

}  // namespace

// ---- Tokens ----------------------------------------------------------------

const ScanToken* MzParser::Peek(size_t ahead) const {
  return pos_ + ahead < tokens_.size() ? &tokens_[pos_ + ahead] : nullptr;
}

const ScanToken* MzParser::Next() { return AtEnd() ? nullptr : &tokens_[pos_++]; }

std::string_view MzParser::Text(const ScanToken& t) const { return text_.substr(t.start, t.end - t.start); }

std::string MzParser::Word(const ScanToken* t) const {
  if (t == nullptr) return "";
  if (t->token == pg_query::ICONST) return std::string(Text(*t));
  return UpperWord(text_, *t);
}

bool MzParser::PeekWord(std::string_view word, size_t ahead) const { return Word(Peek(ahead)) == word; }

bool MzParser::PeekWords(std::initializer_list<std::string_view> words) const {
  size_t k = 0;
  for (std::string_view w : words) {
    if (!PeekWord(w, k++)) return false;
  }
  return true;
}

bool MzParser::ParseWord(std::string_view word) {
  if (!PeekWord(word)) return false;
  Next();
  return true;
}

bool MzParser::ParseWords(std::initializer_list<std::string_view> words) {
  if (!PeekWords(words)) return false;
  pos_ += words.size();
  return true;
}

void MzParser::ExpectWord(std::string_view word) {
  if (!ParseWord(word)) Expected(word);
}

void MzParser::ExpectWords(std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) ExpectWord(w);
}

std::string MzParser::ExpectOneOfWords(std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    if (ParseWord(w)) return std::string(w);
  }
  Expected("one of " + JoinStrings(words, " or "));
}

bool MzParser::PeekToken(pg_query::Token token) const { return Peek() != nullptr && Peek()->token == token; }

bool MzParser::ParseToken(pg_query::Token token) {
  if (!PeekToken(token)) return false;
  Next();
  return true;
}

void MzParser::ExpectToken(pg_query::Token token) {
  if (!ParseToken(token)) Expected(TokenName(token));
}

// ---- Errors ----------------------------------------------------------------

int MzParser::PositionOf(const ScanToken* t) const {
  if (t != nullptr) return source_.CharPosition(t->start);
  if (semicolon_at_.has_value()) return source_.CharPosition(*semicolon_at_);
  return source_.CharPosition(static_cast<int>(source_.query->size()) - source_.offset);
}

std::string MzParser::Describe(const ScanToken* t) const {
  if (t == nullptr) return semicolon_at_.has_value() ? "semicolon" : "EOF";
  std::string_view text = Text(*t);
  switch (t->token) {
    case pg_query::IDENT:
    case pg_query::UIDENT: {
      if (t->token == pg_query::IDENT && !IsQuoted(text)) {
        std::string upper = AsciiUpper(text);
        if (IsMaterializeKeyword(upper)) return upper;
        return absl::StrCat("identifier ", Quoted(AsciiLower(text)));
      }
      absl::StatusOr<std::string> name = DecodeIdentifier(text);
      return absl::StrCat("identifier ", Quoted(name.ok() ? *name : std::string(text)));
    }
    case pg_query::SCONST:
    case pg_query::USCONST: {
      absl::StatusOr<std::string> value = DecodeStringLiteral(text);
      return absl::StrCat("string literal ", Quoted(value.ok() ? *value : std::string(text)));
    }
    case pg_query::XCONST:
      return absl::StrCat("hex string literal ", Quoted(text.substr(2, text.size() - 3)));
    case pg_query::BCONST:
      return absl::StrCat("bit string literal ", Quoted(text.substr(2, text.size() - 3)));
    case pg_query::ICONST:
    case pg_query::FCONST:
      return absl::StrCat("number ", Quoted(text));
    case pg_query::PARAM:
      return absl::StrCat("parameter ", Quoted(text));
    case pg_query::NOT_EQUALS:
      return "operator \"<>\"";
    default:
      break;
  }
  if (t->keyword_kind != pg_query::NO_KEYWORD) return AsciiUpper(text);
  std::string_view name = TokenName(t->token);
  if (!name.empty()) return std::string(name);
  return absl::StrCat("operator ", Quoted(text));
}

void MzParser::FailAt(int position, std::string message, std::string_view sqlstate) const {
  throw ParseFailure{Error(sqlstate, std::move(message)).Position(position)};
}

void MzParser::Fail(const ScanToken* at, std::string message) const {
  FailAt(PositionOf(at), std::move(message), sqlstate::kSyntaxError);
}

void MzParser::Expected(std::string_view what) const {
  Fail(Peek(), absl::StrCat("Expected ", AbslView(what), ", found ", Describe(Peek())));
}

// ---- Names and literals ----------------------------------------------------

void MzParser::FailDecoding(const ScanToken* t, const absl::Status& status) const {
  ErrorInfo e = ToErrorInfo(status);
  int position = PositionOf(t);
  if (e.position > 0) {
    std::string_view before = Text(*t).substr(0, e.position - 1);
    for (unsigned char c : before) position += (c & 0xC0) != 0x80;
  }
  Error error(e.code, e.message);
  if (!e.hint.empty()) error.Hint(e.hint);
  throw ParseFailure{error.Position(position)};
}

bool MzParser::IsIdentifierToken(const ScanToken* t) { return t != nullptr && IsNameToken(*t); }

char MzParser::TakeUescape() {
  if (!PeekWord("UESCAPE")) return '\\';
  Next();
  const ScanToken* t = Peek();
  if (t == nullptr || t->token != pg_query::SCONST || Text(*t).front() != '\'') {
    Fail(t, "UESCAPE must be followed by a simple string literal");
  }
  Next();
  absl::StatusOr<std::string> escape = DecodeStringLiteral(Text(*t));
  if (!escape.ok() || escape->size() != 1 || !IsValidUescapeChar((*escape)[0])) {
    Fail(t, "invalid Unicode escape character");
  }
  return (*escape)[0];
}

std::string MzParser::ParseIdentifier() {
  const ScanToken* t = Peek();
  if (!IsIdentifierToken(t)) Expected("identifier");
  Next();
  char escape = t->token == pg_query::UIDENT ? TakeUescape() : '\\';
  absl::StatusOr<std::string> name = DecodeIdentifier(Text(*t), escape);
  if (!name.ok()) FailDecoding(t, name.status());
  return *std::move(name);
}

std::vector<std::string> MzParser::ParseIdentifiers() {
  std::vector<std::string> parts = {ParseIdentifier()};
  while (ParseToken(pg_query::ASCII_46)) parts.push_back(ParseIdentifier());
  return parts;
}

QualifiedName MzParser::ParseItemName() {
  const ScanToken* at = Peek();
  std::vector<std::string> parts = ParseIdentifiers();
  if (parts.size() > 3) {
    std::vector<std::string> quoted;
    for (const std::string& p : parts) quoted.push_back(QuoteIdentifier(p));
    Fail(at, absl::StrCat("qualified name did not have between 1 and 3 components: ", absl::StrJoin(quoted, ".")));
  }
  QualifiedName name;
  name.name = std::move(parts.back());
  if (parts.size() >= 2) name.schema = std::move(parts[parts.size() - 2]);
  if (parts.size() == 3) name.database = std::move(parts[0]);
  return name;
}

SchemaName MzParser::ParseSchemaName() {
  const ScanToken* at = Peek();
  std::vector<std::string> parts = ParseIdentifiers();
  if (parts.size() > 2) {
    std::vector<std::string> quoted;
    for (const std::string& p : parts) quoted.push_back(QuoteIdentifier(p));
    Fail(at, absl::StrCat("qualified name did not have between 1 and 2 components: ", absl::StrJoin(quoted, ".")));
  }
  SchemaName name;
  name.name = std::move(parts.back());
  if (parts.size() == 2) name.database = std::move(parts[0]);
  return name;
}

bool MzParser::ParseIfExists() {
  if (!ParseWord("IF")) return false;
  ExpectWord("EXISTS");
  return true;
}

bool MzParser::ParseIfNotExists() {
  if (!ParseWord("IF")) return false;
  ExpectWords({"NOT", "EXISTS"});
  return true;
}

bool MzParser::ParseCascade(std::string_view location) {
  std::string first;
  if (ParseWord("CASCADE")) {
    first = "CASCADE";
  } else if (ParseWord("RESTRICT")) {
    first = "RESTRICT";
  } else {
    return false;
  }
  std::string_view second = first == "CASCADE" ? "RESTRICT" : "CASCADE";
  if (PeekWord(second)) {
    Fail(Peek(), absl::StrCat("Cannot specify both ", first, " and ", AbslView(second), " in ", AbslView(location)));
  }
  return first == "CASCADE";
}

std::string MzParser::ParseLiteralString() {
  const ScanToken* t = Peek();
  if (t == nullptr || (t->token != pg_query::SCONST && t->token != pg_query::USCONST)) Expected("literal string");
  return TryParseLiteral()->text;
}

std::optional<OptionValue> MzParser::TryParseLiteral() {
  const ScanToken* t = Peek();
  if (t == nullptr) return std::nullopt;
  OptionValue v;
  if (t->token == pg_query::SCONST || t->token == pg_query::USCONST) {
    Next();
    char escape = t->token == pg_query::USCONST ? TakeUescape() : '\\';
    absl::StatusOr<std::string> value = DecodeStringLiteral(Text(*t), escape);
    if (!value.ok()) FailDecoding(t, value.status());
    v.kind = OptionValue::Kind::kString;
    v.text = *std::move(value);
    return v;
  }
  auto is_number = [](const ScanToken* n) {
    return n != nullptr && (n->token == pg_query::ICONST || n->token == pg_query::FCONST);
  };
  if (is_number(t) || (t->token == pg_query::ASCII_45 && is_number(Peek(1)))) {
    if (t->token == pg_query::ASCII_45) {
      v.text = "-";
      Next();
    }
    v.kind = OptionValue::Kind::kNumber;
    v.text.append(Text(*Next()));
    return v;
  }
  std::string word = Word(t);
  if (word == "TRUE" || word == "FALSE") {
    Next();
    v.kind = OptionValue::Kind::kBoolean;
    v.text = AsciiLower(word);
    return v;
  }
  if (word == "NULL") {
    Next();
    v.kind = OptionValue::Kind::kNull;
    return v;
  }
  if (word == "INTERVAL" && Peek(1) != nullptr && Peek(1)->token == pg_query::SCONST) {
    Next();
    return TryParseLiteral();
  }
  return std::nullopt;
}

OptionValue MzParser::ParseLiteral() {
  if (std::optional<OptionValue> v = TryParseLiteral()) return *std::move(v);
  Expected("literal value");
}

SqlExpression MzParser::ParseTrailingExpression() {
  if (AtEnd()) Expected("an expression");
  const size_t first = pos_;
  // Materialize's expression parser stops before these; what follows is
  // then "Expected end of statement". DISTINCT FROM stays in the expression.
  static constexpr std::string_view kClauseWords[] = {"AS",    "FROM",   "WHERE", "GROUP", "HAVING",
                                                      "WINDOW", "ORDER", "LIMIT", "OFFSET", "FETCH",
                                                      "FOR",   "UNION",  "INTERSECT", "EXCEPT", "INTO"};
  int depth = 0;
  for (size_t i = first; i < tokens_.size(); ++i) {
    const ScanToken& t = tokens_[i];
    if (t.token == pg_query::ASCII_40 || t.token == pg_query::ASCII_91) {
      ++depth;
    } else if (t.token == pg_query::ASCII_41 || t.token == pg_query::ASCII_93) {
      --depth;
    } else if (depth == 0) {
      std::string word = UpperWord(text_, t);
      bool clause = t.token == pg_query::ASCII_44;
      for (std::string_view w : kClauseWords) clause |= word == w;
      if (word == "FROM" && i > first && UpperWord(text_, tokens_[i - 1]) == "DISTINCT") clause = false;
      if (clause) {
        pos_ = i;
        Expected("end of statement");
      }
    }
  }
  SqlExpression e;
  const ScanToken& start = tokens_[first];
  e.sql = std::string(text_.substr(start.start, tokens_.back().end - start.start));
  e.position = PositionOf(&start);
  // Let PostgreSQL's grammar check it is one expression.
  const std::string select = "SELECT " + e.sql;
  constexpr int kPrefixChars = 7;
  PgQueryProtobufParseResult r = pg_query_parse_protobuf(select.c_str());
  if (r.error != nullptr) {
    std::string message = r.error->message;
    int cursor = r.error->cursorpos;
    pg_query_free_protobuf_parse_result(r);
    FailAt(cursor > kPrefixChars ? e.position + cursor - kPrefixChars - 1 : e.position, std::move(message),
           sqlstate::kSyntaxError);
  }
  pg_query::ParseResult tree;
  bool decoded = tree.ParseFromArray(r.parse_tree.data, static_cast<int>(r.parse_tree.len));
  pg_query_free_protobuf_parse_result(r);
  if (!decoded || tree.stmts_size() != 1 || !tree.stmts(0).stmt().has_select_stmt()) {
    FailAt(e.position, "could not decode the parse tree", sqlstate::kInternalError);
  }
  const pg_query::SelectStmt& select_stmt = tree.stmts(0).stmt().select_stmt();
  if (select_stmt.target_list_size() == 1 && !select_stmt.target_list(0).res_target().name().empty()) {
    pos_ = tokens_.size() - 1;  // a column alias: the last word
    Expected("end of statement");
  }
  if (start.token == pg_query::SCONST || start.token == pg_query::USCONST) {
    pos_ = first;
    std::optional<OptionValue> literal = TryParseLiteral();
    if (AtEnd()) e.string_literal = std::move(literal->text);
  }
  pos_ = tokens_.size();
  return e;
}

std::string MzParser::CaptureListElement() {
  const size_t first = pos_;
  int depth = 0;
  while (!AtEnd()) {
    pg_query::Token token = Peek()->token;
    if (depth == 0 && (token == pg_query::ASCII_44 || token == pg_query::ASCII_41)) break;
    if (token == pg_query::ASCII_40 || token == pg_query::ASCII_91) ++depth;
    if (token == pg_query::ASCII_41 || token == pg_query::ASCII_93) --depth;
    Next();
  }
  if (AtEnd()) Expected("',' or ')' after column definition");
  if (pos_ == first) return "";
  return std::string(text_.substr(tokens_[first].start, tokens_[pos_ - 1].end - tokens_[first].start));
}

}  // namespace freshet::sql
