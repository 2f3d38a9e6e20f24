// Option lists of Materialize's statements: the option names each statement
// takes (in the order Materialize's parser lists them in errors) and the
// syntax of their values.
#include <algorithm>
#include <span>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/error.h"
#include "mz_parser.h"

namespace freshet::sql {

// How an option's value is written.
enum class ValueSyntax {
  kGeneric,        // [[=] value]: literal, name, SECRET name, ( list )
  kObject,         // [=] name: a reference to another catalog object
  kPrivatelink,    // [=] name [( PORT [=] n )]
  kRetainHistory,  // [=] FOR literal
  kItemNames,      // [[=] ( name, ... )]: dotted names (TEXT COLUMNS of a legacy source)
  kIdentifiers,    // [[=] ( name, ... )]: plain names (TEXT COLUMNS of a table)
  kReplicas,       // [=] ( replica ( options ), ... )
  kSchedule,       // [=] MANUAL | ON REFRESH [( HYDRATION TIME ESTIMATE [=] literal )]
};

struct OptionSpec {
  std::string_view words;      // as written, e.g. "SSL CERTIFICATE AUTHORITY"
  std::string_view canonical;  // the name it stands for, when an alias
  ValueSyntax syntax = ValueSyntax::kGeneric;

  std::string_view name() const { return canonical.empty() ? words : canonical; }
};

namespace {

using VS = ValueSyntax;

constexpr OptionSpec kConnectionOptions[] = {
    {"ACCESS KEY ID", ""},
    {"ASSUME ROLE ARN", ""},
    {"ASSUME ROLE SESSION NAME", ""},
    {"AVAILABILITY ZONES", ""},
    {"AWS CONNECTION", "", VS::kObject},
    {"AWS PRIVATELINK", "", VS::kPrivatelink},
    {"BROKER", ""},
    {"BROKERS", ""},
    {"DATABASE", ""},
    {"ENDPOINT", ""},
    {"HOST", ""},
    {"PASSWORD", ""},
    {"PORT", ""},
    {"PUBLIC KEY 1", ""},
    {"PUBLIC KEY 2", ""},
    {"PROGRESS TOPIC", ""},
    {"PROGRESS TOPIC REPLICATION FACTOR", ""},
    {"REGION", ""},
    {"SASL MECHANISMS", ""},
    {"SASL PASSWORD", ""},
    {"SASL USERNAME", ""},
    {"SECRET ACCESS KEY", ""},
    {"SECURITY PROTOCOL", ""},
    {"SERVICE NAME", ""},
    {"SESSION TOKEN", ""},
    {"SSH TUNNEL", "", VS::kObject},
    {"SSL CERTIFICATE", ""},
    {"SSL CERTIFICATE AUTHORITY", ""},
    {"SSL MODE", ""},
    {"SSL KEY", ""},
    {"URL", ""},
    {"USER", ""},
    {"USERNAME", "USER"},
};

constexpr OptionSpec kConnectionWithOptions[] = {{"VALIDATE", ""}};

constexpr OptionSpec kClusterOptions[] = {
    {"AVAILABILITY ZONES", ""},
    {"DISK", ""},
    {"INTROSPECTION DEBUGGING", ""},
    {"INTROSPECTION INTERVAL", ""},
    {"MANAGED", ""},
    {"REPLICAS", "", VS::kReplicas},
    {"REPLICATION FACTOR", ""},
    {"SIZE", ""},
    {"SCHEDULE", "", VS::kSchedule},
    {"WORKLOAD CLASS", ""},
};

constexpr OptionSpec kReplicaOptions[] = {
    {"AVAILABILITY ZONE", ""},
    {"BILLED AS", ""},
    {"COMPUTE ADDRESSES", ""},
    {"COMPUTECTL ADDRESSES", ""},
    {"DISK", ""},
    {"INTERNAL", ""},
    {"INTROSPECTION DEBUGGING", ""},
    {"INTROSPECTION INTERVAL", ""},
    {"SIZE", ""},
    {"STORAGE ADDRESSES", ""},
    {"STORAGECTL ADDRESSES", ""},
    {"WORKERS", ""},
};

constexpr OptionSpec kClusterUntilReadyOptions[] = {{"TIMEOUT", ""}, {"ON TIMEOUT", ""}};

constexpr OptionSpec kPostgresSourceOptions[] = {
    {"DETAILS", ""},
    {"PUBLICATION", ""},
    {"TEXT COLUMNS", "", VS::kItemNames},
    {"EXCLUDE COLUMNS", "", VS::kItemNames},
    {"IGNORE COLUMNS", "EXCLUDE COLUMNS", VS::kItemNames},
};

constexpr OptionSpec kSourceWithOptions[] = {
    {"TIMESTAMP INTERVAL", ""},
    {"RETAIN HISTORY", "", VS::kRetainHistory},
};

constexpr OptionSpec kTableFromSourceOptions[] = {
    {"TEXT COLUMNS", "", VS::kIdentifiers},
    {"EXCLUDE COLUMNS", "", VS::kIdentifiers},
    {"IGNORE COLUMNS", "EXCLUDE COLUMNS", VS::kIdentifiers},
    {"DETAILS", ""},
    {"PARTITION BY", ""},
    {"RETAIN HISTORY", "", VS::kRetainHistory},
};

constexpr OptionSpec kAlterSourceAddOptions[] = {
    {"TEXT COLUMNS", "", VS::kItemNames},
    {"EXCLUDE COLUMNS", "", VS::kItemNames},
    {"IGNORE COLUMNS", "EXCLUDE COLUMNS", VS::kItemNames},
};

std::span<const OptionSpec> Specs(OptionContext context) {
  switch (context) {
    case OptionContext::kConnection: return kConnectionOptions;
    case OptionContext::kConnectionWith: return kConnectionWithOptions;
    case OptionContext::kCluster: return kClusterOptions;
    case OptionContext::kReplica: return kReplicaOptions;
    case OptionContext::kClusterUntilReady: return kClusterUntilReadyOptions;
    case OptionContext::kPostgresSource: return kPostgresSourceOptions;
    case OptionContext::kSourceWith: return kSourceWithOptions;
    case OptionContext::kTableFromSource: return kTableFromSourceOptions;
    case OptionContext::kAlterSourceAdd: return kAlterSourceAddOptions;
  }
  return {};
}

std::vector<std::string_view> SplitWords(std::string_view words) {
  std::vector<std::string_view> out;
  for (size_t start = 0; start <= words.size();) {
    size_t space = std::min(words.find(' ', start), words.size());
    out.push_back(words.substr(start, space - start));
    start = space + 1;
  }
  return out;
}

// Words of statements that Materialize's lexer treats as keywords although
// PostgreSQL's does not.
constexpr std::string_view kStatementWords[] = {
    "SOURCE",  "SOURCES", "SUBSOURCE", "SUBSOURCES", "SECRET",   "SECRETS",   "CONNECTIONS", "CLUSTERS",
    "REPLICA", "REPLICAS", "POSTGRES", "TUNNEL",     "SSH",      "AWS",       "PRIVATELINK", "KAFKA",
    "CONFLUENT", "REGISTRY", "MYSQL",  "YUGABYTE",   "VALIDATE", "EXPOSE",    "PROGRESS",    "REFERENCE",
    "REFRESH", "ROTATE",  "KEYS",      "SWAP",       "WAIT",     "READY",     "UNTIL",       "MANUAL",
    "HYDRATION", "ESTIMATE", "WEBHOOK", "LOAD",      "GENERATOR", "SINK",     "SINKS",       "COLUMNS",
    "FIELDS",  "TIMEOUT", "SIZE",      "PUBLICATION", "DETAILS", "RETAIN",    "HISTORY",     "EXCLUDE",
};

}  // namespace

bool IsMaterializeKeyword(std::string_view upper) {
  for (std::string_view w : kStatementWords) {
    if (w == upper) return true;
  }
  for (OptionContext context :
       {OptionContext::kConnection, OptionContext::kConnectionWith, OptionContext::kCluster, OptionContext::kReplica,
        OptionContext::kClusterUntilReady, OptionContext::kPostgresSource, OptionContext::kSourceWith,
        OptionContext::kTableFromSource, OptionContext::kAlterSourceAdd}) {
    for (const OptionSpec& spec : Specs(context)) {
      for (std::string_view w : SplitWords(spec.words)) {
        if (w == upper) return true;
      }
    }
  }
  return false;
}

// Matches the longest option name of `context` at the current token, word by
// word, and reports the words it expected as Materialize does.
const OptionSpec& MzParser::MatchOptionName(OptionContext context) {
  std::span<const OptionSpec> specs = Specs(context);
  std::vector<const OptionSpec*> candidates;
  for (const OptionSpec& spec : specs) candidates.push_back(&spec);
  for (size_t k = 0;; ++k) {
    std::string word = Word(Peek());
    std::vector<const OptionSpec*> next;
    for (const OptionSpec* c : candidates) {
      std::vector<std::string_view> words = SplitWords(c->words);
      if (words.size() > k && !word.empty() && words[k] == word) next.push_back(c);
    }
    if (!next.empty()) {
      Next();
      candidates = std::move(next);
      continue;
    }
    for (const OptionSpec* c : candidates) {
      if (SplitWords(c->words).size() == k) return *c;
    }
    std::vector<std::string_view> expected;
    for (const OptionSpec* c : candidates) {
      std::vector<std::string_view> words = SplitWords(c->words);
      if (words.size() > k && std::find(expected.begin(), expected.end(), words[k]) == expected.end()) {
        expected.push_back(words[k]);
      }
    }
    if (k > 0 && expected.size() == 1) Expected(expected[0]);
    Expected("one of " + JoinStrings(expected, " or "));
  }
}

std::string MzParser::ParseOptionName(OptionContext context) {
  return std::string(MatchOptionName(context).name());
}

Option MzParser::ParseOption(OptionContext context) {
  Option option;
  option.position = PositionOf(Peek());
  const OptionSpec& spec = MatchOptionName(context);
  option.name = std::string(spec.name());
  switch (spec.syntax) {
    case ValueSyntax::kGeneric:
      option.value = ParseOptionalOptionValue();
      break;
    case ValueSyntax::kObject: {
      ParseToken(pg_query::ASCII_61);
      OptionValue v;
      v.kind = OptionValue::Kind::kObject;
      v.object = ParseItemName();
      option.value = std::move(v);
      break;
    }
    case ValueSyntax::kPrivatelink:
      option.value = ParsePrivatelink();
      break;
    case ValueSyntax::kRetainHistory:
      ParseToken(pg_query::ASCII_61);
      ExpectWord("FOR");
      option.value = ParseLiteral();
      break;
    case ValueSyntax::kItemNames:
    case ValueSyntax::kIdentifiers: {
      ParseToken(pg_query::ASCII_61);
      if (PeekToken(pg_query::ASCII_40) || PeekToken(pg_query::ASCII_91)) {
        option.value = ParseOptionNameList(spec.syntax == ValueSyntax::kIdentifiers ? 1 : 0);
      }
      break;
    }
    case ValueSyntax::kReplicas:
      option.value = ParseReplicas();
      break;
    case ValueSyntax::kSchedule:
      option.value = ParseSchedule();
      break;
  }
  return option;
}

std::vector<Option> MzParser::ParseOptionList(OptionContext context) {
  std::vector<Option> options;
  do {
    Option option = ParseOption(context);
    for (const Option& seen : options) {
      if (seen.name == option.name) {
        FailAt(option.position, absl::StrCat(option.name, " specified more than once"), sqlstate::kSyntaxError);
      }
    }
    options.push_back(std::move(option));
  } while (ParseToken(pg_query::ASCII_44));
  return options;
}

std::vector<Option> MzParser::ParseWithOptions(OptionContext context) {
  if (!ParseWord("WITH")) return {};
  ExpectToken(pg_query::ASCII_40);
  std::vector<Option> options = ParseOptionList(context);
  ExpectToken(pg_query::ASCII_41);
  return options;
}

std::vector<std::string> MzParser::ParseOptionNames(OptionContext context) {
  std::vector<std::string> names;
  do {
    names.push_back(ParseOptionName(context));
  } while (ParseToken(pg_query::ASCII_44));
  return names;
}

std::optional<OptionValue> MzParser::ParseOptionalOptionValue() {
  // Nothing but ')', ',' or the end can follow an option without a value.
  if (AtEnd() || PeekToken(pg_query::ASCII_41) || PeekToken(pg_query::ASCII_44)) return std::nullopt;
  ParseToken(pg_query::ASCII_61);
  return ParseOptionValue();
}

OptionValue MzParser::ParseOptionValue() {
  OptionValue v;
  if (PeekToken(pg_query::ASCII_40) || PeekToken(pg_query::ASCII_91)) {
    // Lists nest; bound the recursion as Materialize does.
    constexpr int kMaxNesting = 128;
    if (nesting_ == kMaxNesting) {
      Fail(Peek(), absl::StrCat("statement exceeds nested expression limit of ", kMaxNesting));
    }
    pg_query::Token close = Next()->token == pg_query::ASCII_40 ? pg_query::ASCII_41 : pg_query::ASCII_93;
    v.kind = OptionValue::Kind::kList;
    if (ParseToken(close)) return v;
    ++nesting_;
    do {
      v.items.push_back(ParseOptionValue());
    } while (ParseToken(pg_query::ASCII_44));
    --nesting_;
    ExpectToken(close);
    return v;
  }
  if (PeekWord("SECRET")) {
    Next();
    if (IsIdentifierToken(Peek())) {
      v.kind = OptionValue::Kind::kSecret;
      v.object = ParseItemName();
    } else {
      v.kind = OptionValue::Kind::kName;
      v.name = {"secret"};
    }
    return v;
  }
  if (std::optional<OptionValue> literal = TryParseLiteral()) return *std::move(literal);
  if (IsIdentifierToken(Peek())) {
    v.kind = OptionValue::Kind::kName;
    v.name = ParseIdentifiers();
    return v;
  }
  Expected("option value");
}

OptionValue MzParser::ParseOptionNameList(int max_parts) {
  pg_query::Token close = Next()->token == pg_query::ASCII_40 ? pg_query::ASCII_41 : pg_query::ASCII_93;
  OptionValue v;
  v.kind = OptionValue::Kind::kList;
  if (ParseToken(close)) return v;
  do {
    OptionValue item;
    item.kind = OptionValue::Kind::kName;
    if (max_parts == 1) {
      item.name = {ParseIdentifier()};
    } else {
      item.name = ParseIdentifiers();
    }
    v.items.push_back(std::move(item));
  } while (ParseToken(pg_query::ASCII_44));
  ExpectToken(close);
  return v;
}

OptionValue MzParser::ParseReplicas() {
  ParseToken(pg_query::ASCII_61);
  ExpectToken(pg_query::ASCII_40);
  OptionValue v;
  v.kind = OptionValue::Kind::kReplicas;
  if (ParseToken(pg_query::ASCII_41)) return v;
  do {
    ReplicaDefinition replica;
    replica.name = ParseIdentifier();
    ExpectToken(pg_query::ASCII_40);
    replica.options = ParseOptionList(OptionContext::kReplica);
    ExpectToken(pg_query::ASCII_41);
    v.replicas.push_back(std::move(replica));
  } while (ParseToken(pg_query::ASCII_44));
  ExpectToken(pg_query::ASCII_41);
  return v;
}

OptionValue MzParser::ParseSchedule() {
  ParseToken(pg_query::ASCII_61);
  OptionValue v;
  v.kind = OptionValue::Kind::kKeyword;
  if (ExpectOneOfWords({"MANUAL", "ON"}) == "MANUAL") {
    v.text = "MANUAL";
    return v;
  }
  ExpectWord("REFRESH");
  v.text = "ON REFRESH";
  if (ParseToken(pg_query::ASCII_40)) {
    Option estimate;
    estimate.position = PositionOf(Peek());
    ExpectWords({"HYDRATION", "TIME", "ESTIMATE"});
    estimate.name = "HYDRATION TIME ESTIMATE";
    ParseToken(pg_query::ASCII_61);
    estimate.value = ParseLiteral();
    v.options.push_back(std::move(estimate));
    ExpectToken(pg_query::ASCII_41);
  }
  return v;
}

OptionValue MzParser::ParsePrivatelink() {
  ParseToken(pg_query::ASCII_61);
  OptionValue v;
  v.kind = OptionValue::Kind::kObject;
  v.object = ParseItemName();
  if (ParseToken(pg_query::ASCII_40)) {
    Option port;
    port.position = PositionOf(Peek());
    ExpectWord("PORT");
    port.name = "PORT";
    ParseToken(pg_query::ASCII_61);
    const ScanToken* at = Peek();
    bool negative = PeekToken(pg_query::ASCII_45);
    const ScanToken* digits = Peek(negative ? 1 : 0);
    if (digits == nullptr || digits->token != pg_query::ICONST) Expected("literal integer");
    OptionValue n = ParseLiteral();
    int port_number = 0;
    if (negative || !absl::SimpleAtoi(n.text, &port_number) || port_number > 65535) {
      Fail(at, "Could not parse value into port");
    }
    port.value = std::move(n);
    v.options.push_back(std::move(port));
    ExpectToken(pg_query::ASCII_41);
  }
  return v;
}

void MzParser::CheckConnectionOptions(ConnectionType type, const std::vector<Option>& options) const {
  // Listed in the order of the option table, each once, as Materialize does.
  std::vector<std::string_view> unsupported;
  int position = 0;
  for (const OptionSpec& spec : kConnectionOptions) {
    if (!spec.canonical.empty() || ConnectionTypeTakesOption(type, spec.words)) continue;
    for (const Option& option : options) {
      if (option.name != spec.words) continue;
      unsupported.push_back(spec.words);
      if (position == 0 || option.position < position) position = option.position;
      break;
    }
  }
  if (unsupported.empty()) return;
  FailAt(position,
         absl::StrCat(AbslView(ConnectionTypeName(type)), " connections do not support ",
                      JoinStrings(unsupported, ", "), " values"),
         sqlstate::kSyntaxError);
}

}  // namespace freshet::sql
