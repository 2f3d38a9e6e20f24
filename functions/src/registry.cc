#include "functions/registry.h"

namespace freshet::functions {
namespace {

std::string Key(std::string_view name, bool is_operator) {
  std::string key = is_operator ? "o:" : "f:";
  key.append(name.data(), name.size());
  return key;
}

uint32_t CastKey(types::TypeId from, types::TypeId to) {
  return (static_cast<uint32_t>(from) << 8) | static_cast<uint32_t>(to);
}

}  // namespace

const Registry& Registry::Get() {
  static const Registry* registry = [] {
    auto* r = new Registry();
    RegisterDatetime(*r);
    RegisterNumeric(*r);
    RegisterString(*r);
    RegisterJsonb(*r);
    RegisterArray(*r);
    RegisterRange(*r);
    return r;
  }();
  return *registry;
}

void Registry::Add(FuncDef def) {
  std::string key = Key(def.name, def.is_operator);
  funcs_[key].push_back(std::move(def));
}

void Registry::AddFunction(std::string name, std::vector<types::TypeId> params, types::TypeId result, Impl impl,
                           bool is_volatile) {
  FuncDef def;
  def.name = std::move(name);
  for (types::TypeId p : params) def.params.push_back(Exact(p));
  def.result = Exact(result);
  def.impl = impl;
  def.is_volatile = is_volatile;
  Add(std::move(def));
}

void Registry::AddOperator(std::string name, std::vector<types::TypeId> params, types::TypeId result, Impl impl) {
  FuncDef def;
  def.name = std::move(name);
  def.is_operator = true;
  for (types::TypeId p : params) def.params.push_back(Exact(p));
  def.result = Exact(result);
  def.impl = impl;
  Add(std::move(def));
}

void Registry::AddCast(CastDef def) { casts_[CastKey(def.from, def.to)] = def; }

const std::vector<FuncDef>* Registry::Lookup(std::string_view name, bool is_operator) const {
  auto it = funcs_.find(Key(name, is_operator));
  return it == funcs_.end() ? nullptr : &it->second;
}

const CastDef* Registry::FindCast(types::TypeId from, types::TypeId to) const {
  auto it = casts_.find(CastKey(from, to));
  return it == casts_.end() ? nullptr : &it->second;
}

}  // namespace freshet::functions
