// Logical plans: plain data produced by the binder and executed by compute/.
//
// A plan is a tree of relational operators (RelExpr) whose leaves produce rows
// and whose scalar expressions (ScalarExpr) are fully typed: every implicit
// cast PostgreSQL would insert is an explicit Cast node here, and every
// function or operator is resolved to one ScalarFunc overload. Nothing in a
// plan refers back to the parse tree.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "functions/registry.h"
#include "types/datum.h"
#include "types/type.h"

namespace freshet::sql {

// Resolved scalar functions and operators. Each name is one overload family
// whose argument types the binder has already unified.
enum class ScalarFunc {
  // Arithmetic on the (common) argument type.
  kAdd, kSub, kMul, kDiv, kMod, kNeg,
  // Comparisons, any comparable argument type; result bool.
  kEq, kNe, kLt, kLe, kGt, kGe,
  // Boolean logic with SQL three-valued semantics.
  kAnd, kOr, kNot,
  kIsNull, kIsNotNull, kIsTrue, kIsNotTrue, kIsFalse, kIsNotFalse,
  kIsDistinctFrom, kIsNotDistinctFrom,
  kConcat,   // text || text
  kCoalesce, kNullIf, kGreatest, kLeast,
  kCase,     // args: when1, then1, when2, then2, ..., [else]
  kLike, kILike,  // text LIKE pattern (PostgreSQL escape: backslash)
  kPgSleep,  // evaluated with cancellation checks
  // ARRAY[a, b, ...]: of scalars (a one-dimensional array) or of arrays
  // (stacked along a new outer dimension).
  kArrayConstruct,
  // array[i][j]...: args = array, then one int4 subscript per dimension.
  kSubscript,
  // array[l:u]...: args = array, then a (lower, upper) pair per dimension;
  // an omitted bound is a Literal of type void.
  kSlice,
  // x op ANY (array) / x op ALL (array): args = x, the array, and the
  // comparison as a template over the two-column row (x, element), whose
  // ColumnRefs 0 and 1 name those (not the input row).
  kAnyOp, kAllOp,
  // A function or operator from functions/registry.h: Call::def says which.
  kRegistered,
};

struct ScalarExpr;
using ScalarExprPtr = std::unique_ptr<ScalarExpr>;

struct Literal {
  types::Datum value;
};
struct ColumnRef {
  int index;  // into the input row
};
struct ParamRef {
  int index;  // 0-based ($1 is 0)
};
struct Cast {
  ScalarExprPtr arg;  // cast to the enclosing ScalarExpr's type
  // The registered cast function between the two type ids, if there is one
  // (date -> timestamp, ...); otherwise the generic conversions apply.
  const functions::CastDef* def = nullptr;
};
struct Call {
  ScalarFunc func;
  std::vector<ScalarExprPtr> args;
  const functions::FuncDef* def = nullptr;      // for kRegistered
};

struct RelExpr;
using RelExprPtr = std::unique_ptr<RelExpr>;

// A column of an enclosing query's row, inside a correlated subquery:
// `depth` 1 is the query that contains the subquery, 2 the one around it.
struct OuterRef {
  int depth = 1;
  int index = 0;
};

enum class SubqueryKind {
  kScalar,  // (SELECT x): NULL for no row, an error for several
  kExists,  // EXISTS (SELECT ...)
  kAny,     // x op ANY (SELECT y), x IN (SELECT y)
  kAll,     // x op ALL (SELECT y)
  kArray,   // ARRAY(SELECT x)
};

// A subquery in an expression. It is run for each row it is evaluated on
// when `correlated` (its OuterRefs read that row), once per statement
// otherwise. For kAny/kAll, `lhs` is x and `comparison` a template over the
// two-column row (x, y) as for ScalarFunc::kAnyOp.
struct Subquery {
  SubqueryKind kind = SubqueryKind::kScalar;
  std::shared_ptr<RelExpr> plan;
  bool correlated = false;
  ScalarExprPtr lhs;
  ScalarExprPtr comparison;
};

struct ScalarExpr {
  types::Type type;
  std::variant<Literal, ColumnRef, ParamRef, Cast, Call, OuterRef, Subquery> node;
};

// Constant rows, each expression evaluated once (VALUES, or the single empty
// row of a SELECT without FROM).
struct Values {
  std::vector<std::vector<ScalarExprPtr>> rows;
};
struct Project {
  RelExprPtr input;
  std::vector<ScalarExprPtr> exprs;
};
struct Filter {
  RelExprPtr input;
  ScalarExprPtr predicate;
};
struct Limit {
  RelExprPtr input;
  int64_t limit = -1;  // -1 = no limit
  int64_t offset = 0;
};

// The rows of a relation the catalog resolved (builtin relations for now),
// as the RelationProvider in compute's ExecContext hands them out.
struct Scan {
  uint64_t relation = 0;
  std::string name;  // qualified, for EXPLAIN and errors
  int arity = 0;     // the relation's columns
  // The columns the plan reads (PruneScans); empty: all. Columns not read
  // come out NULL, so a scan decodes only what the query uses.
  std::vector<bool> needed;
  // What the Filter above says of the first column, an integer: it is
  // `op` (=, <, <=, >, >=) a constant or a parameter (NarrowScans). Storage
  // keeps a table's rows in the order of their encodings, which begin with
  // the first column, so a scan may read only the range these allow
  // (ScanKeyRange); the Filter still runs. key_point: one of them is =.
  struct KeyCondition {
    ScalarFunc op = ScalarFunc::kEq;
    int64_t value = 0;
    int param = -1;  // >= 0: the value is that parameter's ($1 is 0)
  };
  std::vector<KeyCondition> key_conditions;
  bool key_point = false;
  std::string key_text;  // the conditions, for EXPLAIN
};

// The stored encodings a Scan must read, [lower, upper) (an empty bound is
// unbounded), once its key conditions' parameters are known. A NULL or
// non-integer parameter makes the range empty (the comparison is never
// true).
struct KeyRange {
  std::string lower, upper;
};
KeyRange ScanKeyRange(const Scan& scan, const std::vector<types::Datum>* params);

// Sets Scan::needed in `root` and in its subqueries' plans.
void PruneScans(RelExpr& root);
// Sets the key range of each Scan right below a Filter that compares the
// scan's first column, an integer, with integer constants (=, <, <=, >, >=,
// BETWEEN, under AND).
void NarrowScans(RelExpr& root);
struct SortKey {
  int column = 0;  // index into the input row
  types::Type type;
  bool descending = false;
  bool nulls_first = false;  // PostgreSQL's default: NULLS LAST for ASC, FIRST for DESC
};
// ORDER BY: the whole input, in key order (stable).
struct Sort {
  RelExprPtr input;
  std::vector<SortKey> keys;
};

enum class JoinKind { kInner, kLeft, kRight, kFull };
// Rows of `left` concatenated with rows of `right` where `condition` (over
// the concatenated row; null: every pair) is true; outer joins add the
// unmatched rows of their side with NULLs for the other.
struct Join {
  RelExprPtr left;
  RelExprPtr right;
  JoinKind kind = JoinKind::kInner;
  ScalarExprPtr condition;
  int left_arity = 0;
  int right_arity = 0;
};

enum class AggFunc {
  kCountStar, kCount, kSum, kMin, kMax, kBoolAnd, kBoolOr,
  kAvg,        // integers and numeric: numeric; floats: float8
  kStringAgg,  // (text, delimiter)
  kArrayAgg,   // NULLs included
  kJsonbAgg,   // NULLs become JSON null
  kJsonbObjectAgg,  // (key, value): `delimiter` holds the value expression
};
struct Aggregate {
  AggFunc func = AggFunc::kCountStar;
  ScalarExprPtr arg;  // null for count(*)
  ScalarExprPtr delimiter;  // string_agg's second argument
  bool distinct = false;
  ScalarExprPtr filter;  // FILTER (WHERE ...), or null
  // ORDER BY inside the call: expressions over the input row, and keys
  // whose `column` indexes `order_exprs`.
  std::vector<ScalarExprPtr> order_exprs;
  std::vector<SortKey> order;
  types::Type type;  // the result type
};
// GROUP BY: one row per distinct key (keys first, then the aggregates);
// without keys exactly one row, also for an empty input.
struct Reduce {
  RelExprPtr input;
  std::vector<ScalarExprPtr> keys;
  std::vector<Aggregate> aggregates;
};

// UNION ALL: the rows of every input, one after the other.
struct Union {
  std::vector<RelExprPtr> inputs;
};

// Set-returning functions, as in FROM (and later in select lists).
enum class TableFunc {
  kGenerateSeries,  // integers, numeric or timestamps: (start, stop[, step])
  kUnnest,          // every element of an array, in storage order
  kJsonbArrayElements, kJsonbArrayElementsText,
  kJsonbEach, kJsonbEachText,  // (key, value)
  kJsonbObjectKeys,
};

// For each input row, the rows `func` returns for `args` (evaluated over that
// row) appended to it: FROM f(...) over a one-row input, or a lateral call
// such as FROM t, unnest(t.a). `with_ordinality` appends the 1-based row
// number within each call (bigint).
struct FlatMap {
  RelExprPtr input;
  TableFunc func = TableFunc::kGenerateSeries;
  std::vector<ScalarExprPtr> args;
  std::vector<types::Type> output_types;  // without the ordinality column
  bool with_ordinality = false;
};

// FROM a, LATERAL (SELECT ... a.x ...) s and JOIN LATERAL: for each left
// row, the rows of `right` run with that row as its innermost outer row
// (OuterRef depth 1), appended to it where `condition` (over the joined
// row; null: always) holds; kLeft keeps unmatched left rows with NULLs.
struct LateralJoin {
  RelExprPtr left;
  std::shared_ptr<RelExpr> right;
  JoinKind kind = JoinKind::kInner;  // kInner or kLeft
  ScalarExprPtr condition;
  int left_arity = 0;
  int right_arity = 0;
};

// INTERSECT / EXCEPT [ALL] of two inputs with the same columns: rows counted
// by SQL equality (`column_types`), with PostgreSQL's multiplicities.
struct SetOp {
  enum class Kind { kIntersect, kExcept };
  Kind kind = Kind::kIntersect;
  bool all = false;
  RelExprPtr left;
  RelExprPtr right;
  std::vector<types::Type> column_types;
};

// SELECT DISTINCT ON (...): the first row (in input order) of each distinct
// value of `columns`.
struct DistinctOn {
  RelExprPtr input;
  std::vector<int> columns;
  std::vector<types::Type> types;
};

struct RelExpr {
  std::variant<Values, Project, Filter, Limit, Scan, Sort, Join, Reduce, Union, FlatMap, SetOp, DistinctOn, LateralJoin>
      node;
};

struct OutputColumn {
  std::string name;
  types::Type type;
};

// A bound SELECT: the plan, its result columns and its parameters' types.
struct SelectPlan {
  RelExprPtr root;
  std::vector<OutputColumn> columns;
  std::vector<types::Type> param_types;
};

// A readable rendering of a plan (for EXPLAIN and tests).
std::string Explain(const RelExpr& rel);

}  // namespace freshet::sql
