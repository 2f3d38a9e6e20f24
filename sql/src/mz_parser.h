// The recursive-descent parser for Materialize's catalog statements (CREATE
// SOURCE, ALTER CONNECTION, SHOW CLUSTERS ...), over libpg_query's scanner
// tokens so that quoting, identifiers, literals and comments behave exactly
// as in PostgreSQL. The grammar follows Materialize's parser and its errors
// ("Expected one of ..., found ..."); see mz_ast.h for what it produces.
// Private to sql/.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "scan.h"
#include "sql/statement.h"

namespace freshet::sql {

// Whether the statement is one of Materialize's, decided by its first words:
// CREATE/ALTER/DROP {SECRET|CONNECTION|CLUSTER|SOURCE}, CREATE TABLE t ...
// FROM SOURCE, VALIDATE ..., SHOW {SOURCES|SUBSOURCES|TABLES|COLUMNS|
// CONNECTIONS|SECRETS|CLUSTERS|CLUSTER REPLICAS|CREATE ...}.
bool IsMaterializeStatement(std::string_view text, const std::vector<ScanToken>& tokens);

// Parses one Materialize statement: `source` is its text, `tokens` its tokens
// (offsets relative to source.text()), `semicolon_at` the offset of the ';'
// that ends it, if any. Syntax errors are 42601 with the position of the
// offending token; connection and source types Freshet does not implement are
// 0A000.
absl::StatusOr<StatementBody> ParseMaterializeStatement(const SourceText& source,
                                                        const std::vector<ScanToken>& tokens,
                                                        std::optional<int> semicolon_at);

// The option lists of the statements (mz_options.cc has their names).
enum class OptionContext {
  kConnection,         // CREATE CONNECTION ... ( here ), ALTER CONNECTION SET/DROP/RESET
  kConnectionWith,     // ... WITH ( VALIDATE )
  kCluster,            // CREATE CLUSTER c ( here ), ALTER CLUSTER SET/RESET
  kReplica,            // CREATE CLUSTER REPLICA, REPLICAS ( r1 ( here ) )
  kClusterUntilReady,  // ALTER CLUSTER ... WITH ( WAIT UNTIL READY ( here ) )
  kPostgresSource,     // CREATE SOURCE ... FROM POSTGRES CONNECTION c ( here )
  kSourceWith,         // CREATE SOURCE ... WITH ( here ), ALTER SOURCE SET/RESET
  kTableFromSource,    // CREATE TABLE ... FROM SOURCE ... WITH ( here )
  kAlterSourceAdd,     // ALTER SOURCE ... ADD SUBSOURCE ... WITH ( here )
};

// Thrown inside the parser for an error; ParseMaterializeStatement returns it.
struct ParseFailure {
  absl::Status status;
};

struct OptionSpec;  // one option name of an OptionContext (mz_options.cc)

// Parses one statement (ParseMaterializeStatement is its user); errors are
// thrown as ParseFailure and never leave the parser.
class MzParser {
 public:
  MzParser(const SourceText& source, const std::vector<ScanToken>& tokens, std::optional<int> semicolon_at);

  StatementBody ParseStatement();

 private:
  // Tokens (mz_tokens.cc). A "word" is an unquoted identifier or keyword (or
  // a number, for PUBLIC KEY 1), compared case-insensitively in upper case.
  const ScanToken* Peek(size_t ahead = 0) const;
  const ScanToken* Next();
  bool AtEnd() const { return pos_ >= tokens_.size(); }
  std::string_view Text(const ScanToken& t) const;
  std::string Word(const ScanToken* t) const;  // "" for anything else
  bool PeekWord(std::string_view word, size_t ahead = 0) const;
  bool PeekWords(std::initializer_list<std::string_view> words) const;
  bool ParseWord(std::string_view word);
  bool ParseWords(std::initializer_list<std::string_view> words);
  void ExpectWord(std::string_view word);
  void ExpectWords(std::initializer_list<std::string_view> words);
  std::string ExpectOneOfWords(std::initializer_list<std::string_view> words);
  bool PeekToken(pg_query::Token token) const;
  bool ParseToken(pg_query::Token token);
  void ExpectToken(pg_query::Token token);

  // Errors.
  int PositionOf(const ScanToken* t) const;  // 1-based, in characters of the query
  std::string Describe(const ScanToken* t) const;
  [[noreturn]] void FailAt(int position, std::string message, std::string_view sqlstate) const;
  [[noreturn]] void Fail(const ScanToken* at, std::string message) const;
  [[noreturn]] void Expected(std::string_view what) const;  // "Expected <what>, found <next token>"
  // A literal or identifier that does not decode, at its place in token `t`.
  [[noreturn]] void FailDecoding(const ScanToken* t, const absl::Status& status) const;

  // Names and literals.
  static bool IsIdentifierToken(const ScanToken* t);
  char TakeUescape();  // after a U& token: its UESCAPE clause, if any
  std::string ParseIdentifier();
  std::vector<std::string> ParseIdentifiers();  // a.b.c
  QualifiedName ParseItemName();                // 1 to 3 parts
  SchemaName ParseSchemaName();                 // 1 or 2 parts
  bool ParseIfExists();
  bool ParseIfNotExists();
  bool ParseCascade(std::string_view location);  // [CASCADE | RESTRICT]
  std::string ParseLiteralString();
  std::optional<OptionValue> TryParseLiteral();
  OptionValue ParseLiteral();
  SqlExpression ParseTrailingExpression();  // the rest of the statement
  std::string CaptureListElement();         // raw text up to ',' or ')' at depth 0

  // Options (mz_options.cc).
  const OptionSpec& MatchOptionName(OptionContext context);
  std::string ParseOptionName(OptionContext context);  // canonical
  Option ParseOption(OptionContext context);
  std::vector<Option> ParseOptionList(OptionContext context);  // one or more, comma-separated
  std::vector<Option> ParseWithOptions(OptionContext context);  // [WITH ( list )]
  std::vector<std::string> ParseOptionNames(OptionContext context);
  std::optional<OptionValue> ParseOptionalOptionValue();
  OptionValue ParseOptionValue();
  OptionValue ParseOptionNameList(int max_parts);  // [=] ( name, ... ) | [ name, ... ]
  OptionValue ParseReplicas();
  OptionValue ParseSchedule();
  OptionValue ParsePrivatelink();

  // Statements (mz_parser.cc).
  StatementBody ParseCreate();
  StatementBody ParseAlter();
  StatementBody ParseDrop();
  StatementBody ParseShow();
  CreateConnectionStmt ParseCreateConnection();
  CreateClusterStmt ParseCreateCluster();
  CreateClusterReplicaStmt ParseCreateClusterReplica();
  CreateSourceStmt ParseCreateSource();
  CreateTableFromSourceStmt ParseCreateTableFromSource();
  StatementBody ParseAlterConnection();
  StatementBody ParseAlterCluster();
  StatementBody ParseAlterSource();
  StatementBody ParseRenameOrOwner(ObjectType type, QualifiedName name, bool if_exists, std::string_view action);
  ExternalReference ParseExternalReference();
  ShowFilter ParseShowFilter();
  // Rejects options `type` does not take (mz_options.cc).
  void CheckConnectionOptions(ConnectionType type, const std::vector<Option>& options) const;

  const SourceText& source_;
  std::string_view text_;
  const std::vector<ScanToken>& tokens_;
  std::optional<int> semicolon_at_;
  size_t pos_ = 0;
  int nesting_ = 0;  // of option value lists
};

// Whether Materialize's parser would show this word as a keyword in an error
// ("found SOURCE" rather than "found identifier \"source\"").
bool IsMaterializeKeyword(std::string_view upper);

}  // namespace freshet::sql
