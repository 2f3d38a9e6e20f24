// GROUP BY, HAVING and aggregate calls -> Reduce.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "bind_internal.h"
#include "common/error.h"

namespace freshet::sql {

using types::Type;
using types::TypeId;

void SetDirection(const pg_query::SortBy& sb, SortKey* key) {
  key->descending = sb.sortby_dir() == pg_query::SORTBY_DESC;
  key->nulls_first = sb.sortby_nulls() == pg_query::SORTBY_NULLS_DEFAULT ? key->descending
                                                                       : sb.sortby_nulls() == pg_query::SORTBY_NULLS_FIRST;
}

// Aggregate calls in `msg` (not inside another aggregate), found through
// protobuf reflection so that every expression kind is covered.
void CollectFuncCalls(const google::protobuf::Message& msg, bool (*wanted)(const pg_query::FuncCall&),
                      std::vector<const pg_query::FuncCall*>* out) {
  if (const auto* f = dynamic_cast<const pg_query::FuncCall*>(&msg)) {
    if (wanted(*f)) {
      out->push_back(f);
      return;
    }
  }
  if (dynamic_cast<const pg_query::SelectStmt*>(&msg) != nullptr) return;  // a subquery's own calls
  const google::protobuf::Reflection* r = msg.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  r->ListFields(msg, &fields);
  for (const auto* field : fields) {
    if (field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (field->is_repeated()) {
      for (int i = 0; i < r->FieldSize(msg, field); ++i) {
        CollectFuncCalls(r->GetRepeatedMessage(msg, field, i), wanted, out);
      }
    } else {
      CollectFuncCalls(r->GetMessage(msg, field), wanted, out);
    }
  }
}

bool IsAggregateCall(const pg_query::FuncCall& f) {
  std::string name = f.funcname().empty() ? "" : absl::AsciiStrToLower(f.funcname().rbegin()->string().sval());
  return f.agg_star() || IsAggregateName(name);
}

void CollectAggregates(const google::protobuf::Message& msg, std::vector<const pg_query::FuncCall*>* out) {
  CollectFuncCalls(msg, IsAggregateCall, out);
}

namespace {

bool SameExpr(const ScalarExpr& a, const ScalarExpr& b) {
  if (!(a.type == b.type) || a.node.index() != b.node.index()) return false;
  if (const auto* l = std::get_if<Literal>(&a.node)) return l->value == std::get<Literal>(b.node).value;
  if (const auto* c = std::get_if<ColumnRef>(&a.node)) return c->index == std::get<ColumnRef>(b.node).index;
  if (const auto* p = std::get_if<ParamRef>(&a.node)) return p->index == std::get<ParamRef>(b.node).index;
  if (const auto* c = std::get_if<Cast>(&a.node)) return SameExpr(*c->arg, *std::get<Cast>(b.node).arg);
  if (const auto* o = std::get_if<OuterRef>(&a.node)) {
    return o->depth == std::get<OuterRef>(b.node).depth && o->index == std::get<OuterRef>(b.node).index;
  }
  if (std::holds_alternative<Subquery>(a.node)) return false;
  const auto& x = std::get<Call>(a.node);
  const auto& y = std::get<Call>(b.node);
  if (x.func != y.func || x.args.size() != y.args.size()) return false;
  for (size_t i = 0; i < x.args.size(); ++i) {
    if (!SameExpr(*x.args[i], *y.args[i])) return false;
  }
  return true;
}

ScalarExprPtr OutputRef(const Type& type, int index) {
  auto e = std::make_unique<ScalarExpr>();
  e->type = type;
  e->node = ColumnRef{index};
  return e;
}

}  // namespace

// GROUP BY keys and aggregates over `input`; `post` is set up to bind the
// select list, HAVING and ORDER BY against the Reduce's output: an
// aggregate call or an expression equal to a key becomes a column, any
// other column reference is the grouping error.
absl::StatusOr<RelExprPtr> BindReduce(const pg_query::SelectStmt& s, const SourceText& source, ExprBinder& input_binder,
                                      RelExprPtr input, const std::vector<const pg_query::FuncCall*>& calls,
                                      ExprBinder& post) {
  Reduce reduce;
  for (const auto& g : s.group_clause()) {
    const pg_query::Node* node = &g;
    // GROUP BY 1 and GROUP BY <output name> refer to the select list.
    if (g.has_a_const() && g.a_const().has_ival()) {
      int64_t ordinal = g.a_const().ival().ival();
      if (ordinal < 1 || ordinal > s.target_list_size()) {
        return Error(sqlstate::kInvalidColumnReference, absl::StrCat("GROUP BY position ", ordinal, " is not in select list"))
            .Position(source.CharPosition(g.a_const().location()))
            .ToStatus();
      }
      node = &s.target_list(static_cast<int>(ordinal - 1)).res_target().val();
    } else if (g.has_column_ref() && g.column_ref().fields_size() == 1 && g.column_ref().fields(0).has_string()) {
      auto direct = input_binder.Bind(g);
      if (!direct.ok()) {
        for (const auto& t : s.target_list()) {
          if (t.res_target().name() == g.column_ref().fields(0).string().sval()) node = &t.res_target().val();
        }
      }
    }
    auto key = input_binder.Bind(*node);
    if (!key.ok()) return key.status();
    reduce.keys.push_back(*std::move(key));
  }
  std::vector<std::pair<const pg_query::FuncCall*, int>> agg_columns;
  for (const pg_query::FuncCall* f : calls) {
    std::string name = absl::AsciiStrToLower(f->funcname().rbegin()->string().sval());
    Aggregate agg;
    agg.distinct = f->agg_distinct();
    int position = source.CharPosition(f->location());
    if (f->has_over()) return WithPosition(NotSupported("window functions"), position);
    if (f->has_agg_filter()) {
      auto filter = input_binder.BindCondition(f->agg_filter(), "FILTER");
      if (!filter.ok()) return filter.status();
      agg.filter = *std::move(filter);
    }
    for (const auto& sort : f->agg_order()) {
      const auto& sb = sort.sort_by();
      auto e = input_binder.Bind(sb.node());
      if (!e.ok()) return e.status();
      SortKey key;
      SetDirection(sb, &key);
      if ((*e)->type.id == TypeId::kUnknown) {
        ParamTypes none;
        auto c = Coerce(*std::move(e), Type{TypeId::kText}, CastContext::kImplicit, none);
        if (!c.ok()) return c.status();
        e = std::move(c);
      }
      key.column = static_cast<int>(agg.order_exprs.size());
      key.type = (*e)->type;
      agg.order.push_back(key);
      agg.order_exprs.push_back(*std::move(e));
    }
    auto no_function = [&](const std::vector<Type>& types) {
      std::vector<std::string> names;
      for (const Type& t : types) names.push_back(types::SqlName(t));
      return Error(sqlstate::kUndefinedFunction,
                   absl::StrCat("function ", name, "(", absl::StrJoin(names, ", "), ") does not exist"))
          .Hint("No function matches the given name and argument types. You might need to add explicit type casts.")
          .Position(position)
          .ToStatus();
    };
    if (f->agg_star()) {
      if (name != "count") {
        return Error(sqlstate::kSyntaxError, absl::StrCat(name, "(*) is not valid")).Position(position).ToStatus();
      }
      agg.func = AggFunc::kCountStar;
      agg.type = Type{TypeId::kInt8};
    } else {
      size_t expected = name == "string_agg" || name == "jsonb_object_agg" ? 2 : 1;
      if (static_cast<size_t>(f->args_size()) != expected) {
        std::vector<Type> types;
        for (const auto& a : f->args()) {
          auto e = input_binder.Bind(a);
          if (!e.ok()) return e.status();
          types.push_back((*e)->type);
        }
        return no_function(types);
      }
      auto arg = input_binder.Bind(f->args(0));
      if (!arg.ok()) return arg.status();
      TypeId t = (*arg)->type.id;
      if (t == TypeId::kUnknown && name != "array_agg") {
        ParamTypes none;
        auto c = Coerce(*std::move(arg), Type{TypeId::kText}, CastContext::kImplicit, none);
        if (!c.ok()) return c.status();
        arg = std::move(c);
        t = TypeId::kText;
      }
      bool is_int = t == TypeId::kInt2 || t == TypeId::kInt4 || t == TypeId::kInt8;
      bool is_float = t == TypeId::kFloat4 || t == TypeId::kFloat8;
      if (name == "count") {
        agg.func = AggFunc::kCount;
        agg.type = Type{TypeId::kInt8};
      } else if (name == "min" || name == "max") {
        agg.func = name == "min" ? AggFunc::kMin : AggFunc::kMax;
        if (t == TypeId::kVarchar) {
          // There is no min(varchar): PostgreSQL resolves min(text).
          ParamTypes none;
          auto c = Coerce(*std::move(arg), Type{TypeId::kText}, CastContext::kImplicit, none);
          if (!c.ok()) return c.status();
          arg = std::move(c);
        }
        agg.type = (*arg)->type;
      } else if (name == "sum") {
        agg.func = AggFunc::kSum;
        if (t == TypeId::kInt2 || t == TypeId::kInt4) {
          agg.type = Type{TypeId::kInt8};
        } else if (t == TypeId::kInt8 || t == TypeId::kNumeric) {
          agg.type = Type{TypeId::kNumeric};
        } else if (is_float) {
          agg.type = Type{t == TypeId::kFloat4 ? TypeId::kFloat4 : TypeId::kFloat8};
        } else {
          return no_function({(*arg)->type});
        }
      } else if (name == "avg") {
        agg.func = AggFunc::kAvg;
        if (is_int || t == TypeId::kNumeric) {
          agg.type = Type{TypeId::kNumeric};
        } else if (is_float) {
          agg.type = Type{TypeId::kFloat8};
        } else {
          return no_function({(*arg)->type});
        }
      } else if (name == "bool_and" || name == "every" || name == "bool_or") {
        if (t != TypeId::kBool) return no_function({(*arg)->type});
        agg.func = name == "bool_or" ? AggFunc::kBoolOr : AggFunc::kBoolAnd;
        agg.type = Type{TypeId::kBool};
      } else if (name == "string_agg") {
        auto delimiter = input_binder.Bind(f->args(1));
        if (!delimiter.ok()) return delimiter.status();
        bool bytes = t == TypeId::kBytea;
        Type target{bytes ? TypeId::kBytea : TypeId::kText};
        if (!CanCast((*arg)->type, target, CastContext::kImplicit) ||
            !CanCast((*delimiter)->type, target, CastContext::kImplicit)) {
          return no_function({(*arg)->type, (*delimiter)->type});
        }
        ParamTypes none;
        auto a = Coerce(*std::move(arg), target, CastContext::kImplicit, none);
        if (!a.ok()) return a.status();
        auto d = Coerce(*std::move(delimiter), target, CastContext::kImplicit, none);
        if (!d.ok()) return d.status();
        arg = std::move(a);
        agg.delimiter = *std::move(d);
        agg.func = AggFunc::kStringAgg;
        agg.type = target;
      } else if (name == "array_agg") {
        if (t == TypeId::kUnknown) {
          return Error(sqlstate::kDatatypeMismatch,
                       "could not determine polymorphic type because input has type unknown")
              .Position(position)
              .ToStatus();
        }
        if (t == TypeId::kArray) return WithPosition(NotSupported("array_agg of arrays"), position);
        agg.func = AggFunc::kArrayAgg;
        agg.type = types::ArrayOf(Type{t, -1});
      } else if (name == "jsonb_agg") {
        agg.func = AggFunc::kJsonbAgg;
        agg.type = Type{TypeId::kJsonb};
      } else if (name == "jsonb_object_agg") {
        // The key as text (any type converts to it), the value as jsonb.
        auto value = input_binder.Bind(f->args(1));
        if (!value.ok()) return value.status();
        if ((*value)->type.id == TypeId::kUnknown) {
          ParamTypes none;
          auto c = Coerce(*std::move(value), Type{TypeId::kText}, CastContext::kImplicit, none);
          if (!c.ok()) return c.status();
          value = std::move(c);
        }
        agg.delimiter = *std::move(value);
        agg.func = AggFunc::kJsonbObjectAgg;
        agg.type = Type{TypeId::kJsonb};
      } else {
        return WithPosition(NotSupported(absl::StrCat("aggregate function ", name)), position);
      }
      agg.arg = *std::move(arg);
    }
    agg_columns.emplace_back(f, static_cast<int>(reduce.keys.size() + reduce.aggregates.size()));
    reduce.aggregates.push_back(std::move(agg));
  }
  // What the Reduce outputs, for `post`.
  std::vector<Type> key_types;
  for (const auto& k : reduce.keys) key_types.push_back(k->type);
  std::vector<Type> agg_types;
  for (const auto& a : reduce.aggregates) agg_types.push_back(a.type);
  const std::vector<ScalarExprPtr>* keys = &reduce.keys;
  RelExprPtr rel = MakeRel(Reduce{std::move(input), std::move(reduce.keys), std::move(reduce.aggregates)});
  keys = &std::get<Reduce>(rel->node).keys;
  post.SetInterceptor([&input_binder, keys, agg_columns, agg_types, key_types,
                       &source](const pg_query::Node& n) -> std::optional<absl::StatusOr<ScalarExprPtr>> {
    if (n.has_func_call()) {
      for (const auto& [call, column] : agg_columns) {
        if (call == &n.func_call()) {
          return absl::StatusOr<ScalarExprPtr>(OutputRef(agg_types[column - key_types.size()], column));
        }
      }
    }
    if (!n.has_a_const() && !keys->empty()) {
      auto bound = input_binder.Bind(n);
      if (bound.ok()) {
        for (size_t k = 0; k < keys->size(); ++k) {
          if (SameExpr(**bound, *(*keys)[k])) {
            return absl::StatusOr<ScalarExprPtr>(OutputRef(key_types[k], static_cast<int>(k)));
          }
        }
      }
    }
    if (n.has_column_ref()) {
      std::vector<std::string> parts;
      for (const auto& f : n.column_ref().fields()) parts.push_back(f.has_string() ? f.string().sval() : "*");
      // An unknown column is still "does not exist".
      auto bound = input_binder.Bind(n);
      if (!bound.ok()) return absl::StatusOr<ScalarExprPtr>(bound.status());
      return absl::StatusOr<ScalarExprPtr>(
          Error(sqlstate::kGroupingError,
                absl::StrCat("column \"", absl::StrJoin(parts, "."),
                             "\" must appear in the GROUP BY clause or be used in an aggregate function"))
              .Position(source.CharPosition(n.column_ref().location()))
              .ToStatus());
    }
    return std::nullopt;
  });
  return rel;
}


}  // namespace freshet::sql
