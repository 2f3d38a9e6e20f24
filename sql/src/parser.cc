// Splitting, classifying and parsing statements with libpg_query.
#include <pg_query.h>

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/error.h"
#include "create_table.h"
#include "mz_parser.h"
#include "parse_tree.h"
#include "scan.h"
#include "sql/statement.h"

namespace freshet::sql {
namespace {

int CharCount(std::string_view bytes) {
  int n = 0;
  for (unsigned char c : bytes) n += (c & 0xC0) != 0x80;
  return n;
}

// Words that start Materialize statements PostgreSQL's grammar does not know
// (SOURCE is an identifier to PostgreSQL); they name the statement in errors.
bool IsMaterializeWord(std::string_view upper) {
  static constexpr std::string_view kWords[] = {
      "SOURCE", "SOURCES", "SUBSOURCE", "SUBSOURCES", "SECRET", "SECRETS", "CONNECTIONS",
      "CLUSTERS", "SINK", "SINKS", "REPLICAS", "VALIDATE", "OBJECTS", "INDEXES"};
  for (std::string_view w : kWords) {
    if (w == upper) return true;
  }
  return false;
}

// "CREATE TABLE", "SHOW SOURCES", "INSERT": the words that name a statement.
std::string StatementName(const std::string& text, const std::vector<ScanToken>& tokens) {
  std::vector<std::string> words;
  auto word = [&](size_t i) {
    return absl::AsciiStrToUpper(
        absl::string_view(text.data() + tokens[i].start, tokens[i].end - tokens[i].start));
  };
  if (tokens.empty()) return "statement";
  words.push_back(word(0));
  bool multi = words[0] == "CREATE" || words[0] == "DROP" || words[0] == "ALTER" || words[0] == "SHOW" ||
               words[0] == "VALIDATE";
  for (size_t i = 1; multi && i < tokens.size() && words.size() < 4; ++i) {
    std::string w = word(i);
    if (w == "OR" || w == "REPLACE" || w == "IF" || w == "NOT" || w == "EXISTS" || w == "TEMP" ||
        w == "TEMPORARY" || w == "UNIQUE") {
      continue;
    }
    if (tokens[i].keyword_kind == pg_query::NO_KEYWORD && !IsMaterializeWord(w)) break;
    words.push_back(w);
    if (words[0] == "SHOW" && words.size() == 2 && w != "CLUSTER" && w != "CREATE") break;
  }
  return absl::StrJoin(words, " ");
}

// SHOW <kind> that Materialize treats as object listings, not variables.
bool IsShowObjects(const std::string& name) {
  static constexpr std::string_view kKinds[] = {
      "sources", "subsources", "connections", "secrets", "clusters", "tables", "views", "objects",
      "schemas", "databases", "indexes", "sinks", "roles", "types", "materialized"};
  for (std::string_view k : kKinds) {
    if (k == name) return true;
  }
  return false;
}

absl::StatusOr<std::string> ConstText(const pg_query::Node& n) {
  if (n.has_a_const()) {
    const auto& c = n.a_const();
    if (c.has_sval()) return c.sval().sval();
    if (c.has_ival()) return absl::StrCat(c.ival().ival());
    if (c.has_fval()) return c.fval().fval();
    if (c.has_boolval()) return std::string(c.boolval().boolval() ? "on" : "off");
  }
  if (n.has_string()) return n.string().sval();
  return NotSupported("this kind of SET value");
}

absl::StatusOr<StatementBody> ClassifySet(const pg_query::VariableSetStmt& set) {
  using pg_query::VariableSetKind;
  switch (set.kind()) {
    case pg_query::VAR_SET_VALUE: {
      SetVariableStmt out{absl::AsciiStrToLower(set.name()), {}, set.is_local()};
      for (const auto& arg : set.args()) {
        auto v = ConstText(arg);
        if (!v.ok()) return v.status();
        out.values.push_back(*std::move(v));
      }
      return out;
    }
    case pg_query::VAR_SET_DEFAULT:
      return SetVariableStmt{absl::AsciiStrToLower(set.name()), {}, set.is_local()};
    case pg_query::VAR_SET_MULTI: {
      // SET TRANSACTION ... / SET SESSION CHARACTERISTICS AS TRANSACTION ...:
      // only the isolation level is a variable of ours.
      for (const auto& arg : set.args()) {
        if (arg.has_def_elem() && arg.def_elem().defname() == "transaction_isolation") {
          auto v = ConstText(arg.def_elem().arg());
          if (!v.ok()) return v.status();
          return SetVariableStmt{"transaction_isolation", {*std::move(v)}, set.is_local()};
        }
      }
      return UnsupportedStmt{absl::StrCat("SET ", set.name())};
    }
    case pg_query::VAR_RESET:
      return ResetVariableStmt{absl::AsciiStrToLower(set.name())};
    case pg_query::VAR_RESET_ALL:
      return ResetVariableStmt{""};
    default:
      return UnsupportedStmt{"SET FROM CURRENT"};
  }
}

// CREATE [OR REPLACE] VIEW IF NOT EXISTS ...: replaces IF NOT EXISTS with
// blanks in `text`; true if it did.
bool BlankViewIfNotExists(std::string& text, const std::vector<ScanToken>& tokens) {
  auto word = [&](size_t i) {
    if (i >= tokens.size()) return std::string();
    return absl::AsciiStrToUpper(absl::string_view(text.data() + tokens[i].start, tokens[i].end - tokens[i].start));
  };
  size_t i = 0;
  if (word(i++) != "CREATE") return false;
  if (word(i) == "OR" && word(i + 1) == "REPLACE") i += 2;
  if (word(i++) != "VIEW") return false;
  if (word(i) != "IF" || word(i + 1) != "NOT" || word(i + 2) != "EXISTS") return false;
  for (size_t k = i; k < i + 3; ++k) {
    for (int b = tokens[k].start; b < tokens[k].end; ++b) text[static_cast<size_t>(b)] = ' ';
  }
  return true;
}

absl::StatusOr<StatementBody> Classify(std::shared_ptr<ParseTree> tree, const std::string& text,
                                       const std::vector<ScanToken>& tokens, const SourceText& source) {
  const pg_query::Node& node = tree->stmt();
  if (node.has_select_stmt()) return SelectStmt{std::move(tree)};
  if (node.has_explain_stmt() && node.explain_stmt().query().has_select_stmt()) {
    if (!node.explain_stmt().options().empty()) return UnsupportedStmt{"EXPLAIN with options"};
    return SelectStmt{std::move(tree), /*explain=*/true};
  }
  if (node.has_create_stmt()) return ClassifyCreateTable(*tree, source);
  if (node.has_view_stmt()) return ClassifyCreateView(*tree, source);
  if (node.has_insert_stmt()) return InsertStmt{std::move(tree)};
  if (node.has_delete_stmt()) return DeleteStmt{std::move(tree)};
  if (node.has_update_stmt()) return UpdateStmt{std::move(tree)};
  if (node.has_variable_set_stmt()) return ClassifySet(node.variable_set_stmt());
  if (node.has_variable_show_stmt()) {
    std::string name = absl::AsciiStrToLower(node.variable_show_stmt().name());
    if (IsShowObjects(name)) return UnsupportedStmt{StatementName(text, tokens)};
    return ShowVariableStmt{name};
  }
  if (node.has_transaction_stmt()) {
    switch (node.transaction_stmt().kind()) {
      case pg_query::TRANS_STMT_BEGIN:
      case pg_query::TRANS_STMT_START:
        return TransactionStmt{TransactionStmt::Kind::kBegin};
      case pg_query::TRANS_STMT_COMMIT:
        return TransactionStmt{TransactionStmt::Kind::kCommit};
      case pg_query::TRANS_STMT_ROLLBACK:
        return TransactionStmt{TransactionStmt::Kind::kRollback};
      default:
        break;
    }
  }
  return UnsupportedStmt{StatementName(text, tokens)};
}

absl::Status SyntaxError(const PgQueryError& e, const SourceText& source) {
  // libpg_query's cursorpos is PostgreSQL's: 1-based, in characters of the
  // text it parsed (the statement), so shift it by the characters before.
  int position = e.cursorpos > 0 ? source.CharPosition(0) - 1 + e.cursorpos : 0;
  return Error(sqlstate::kSyntaxError, e.message).Position(position);
}

}  // namespace

int SourceText::CharPosition(int at) const {
  return CharCount(std::string_view(*query).substr(0, offset + at)) + 1;
}

absl::StatusOr<std::vector<Statement>> ParseStatements(std::string query_text) {
  auto query = std::make_shared<const std::string>(std::move(query_text));
  // Split on the scanner's ';' tokens, so quotes, dollar quotes and comments
  // behave exactly as in PostgreSQL. (libpg_query's own scanner-based split
  // drops statements that do not start with a keyword, typos included.)
  absl::StatusOr<std::vector<ScanToken>> scanned = ScanQuery(*query);
  if (!scanned.ok()) return scanned.status();
  const std::vector<ScanToken>& all = *scanned;
  std::vector<Statement> out;
  size_t i = 0;
  while (i < all.size()) {
    if (all[i].is_semicolon()) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < all.size() && !all[end].is_semicolon()) ++end;
    int offset = all[i].start;
    std::string text = query->substr(offset, all[end - 1].end - offset);
    std::vector<ScanToken> tokens(all.begin() + i, all.begin() + end);
    for (ScanToken& t : tokens) {
      t.start -= offset;
      t.end -= offset;
    }
    std::optional<int> semicolon_at;
    if (end < all.size()) semicolon_at = all[end].start - offset;
    i = end;
    SourceText source{query, offset, static_cast<int>(text.size())};

    if (IsMaterializeStatement(text, tokens)) {
      auto body = ParseMaterializeStatement(source, tokens, semicolon_at);
      if (!body.ok()) return body.status();
      out.push_back(Statement{source, *std::move(body)});
      continue;
    }

    // Materialize's CREATE VIEW IF NOT EXISTS is not PostgreSQL's grammar:
    // blank the words out (offsets stay) and remember them.
    bool view_if_not_exists = BlankViewIfNotExists(text, tokens);
    PgQueryProtobufParseResult r = pg_query_parse_protobuf(text.c_str());
    if (r.error != nullptr) {
      std::string name = StatementName(text, tokens);
      bool materialize_only = false;
      for (size_t k = 0; k < tokens.size() && k < 3; ++k) {
        materialize_only |= IsMaterializeWord(absl::AsciiStrToUpper(
            absl::string_view(text.data() + tokens[k].start, tokens[k].end - tokens[k].start)));
      }
      absl::Status s = SyntaxError(*r.error, source);
      pg_query_free_protobuf_parse_result(r);
      // Materialize statements outside mz_parser's surface (CREATE SINK,
      // SHOW OBJECTS ...) are "not supported", not a syntax error.
      if (materialize_only) {
        out.push_back(Statement{source, UnsupportedStmt{name}});
        continue;
      }
      return s;
    }
    auto tree = std::make_shared<ParseTree>();
    bool ok = tree->result.ParseFromArray(r.parse_tree.data, static_cast<int>(r.parse_tree.len));
    pg_query_free_protobuf_parse_result(r);
    if (!ok || tree->result.stmts_size() != 1) {
      return Error(sqlstate::kInternalError, "could not decode the parse tree");
    }
    auto body = Classify(std::move(tree), text, tokens, source);
    if (!body.ok()) return WithPosition(body.status(), source.CharPosition(0));
    if (auto* view = std::get_if<CreateViewStmt>(&*body)) view->if_not_exists = view_if_not_exists;
    out.push_back(Statement{source, *std::move(body)});
  }
  return out;
}

}  // namespace freshet::sql
