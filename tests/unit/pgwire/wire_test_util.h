// Helpers shared by the pgwire unit tests.
#pragma once

#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "pgwire/codec.h"

namespace freshet::pgwire::testing {

// A string from byte values, for exact-bytes checks.
inline std::string Bytes(std::initializer_list<int> bytes) {
  std::string s;
  for (int b : bytes) s.push_back(static_cast<char>(b));
  return s;
}

// Splits a writer's output into (tag, body) pairs; the framing must be exact.
inline std::vector<std::pair<char, std::string>> SplitMessages(std::string_view data) {
  std::vector<std::pair<char, std::string>> out;
  while (data.size() >= 5) {
    auto header = DecodeHeader(data.data(), 1u << 30);
    REQUIRE(header.ok());
    REQUIRE(data.size() - 5 >= header->body_len);
    out.emplace_back(header->tag, std::string(data.substr(5, header->body_len)));
    data.remove_prefix(5 + header->body_len);
  }
  REQUIRE(data.empty());
  return out;
}

// Encodes a decoded frontend message again with FrontendWriter.
inline std::string Encode(const FrontendMessage& message) {
  FrontendWriter w;
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, Query>) w.Query(m.sql);
        else if constexpr (std::is_same_v<T, Parse>) w.Parse(m.name, m.query, m.param_type_oids);
        else if constexpr (std::is_same_v<T, Bind>) w.Bind(m);
        else if constexpr (std::is_same_v<T, Describe>) w.Describe(m.kind, m.name);
        else if constexpr (std::is_same_v<T, Execute>) w.Execute(m.portal, m.max_rows);
        else if constexpr (std::is_same_v<T, Close>) w.Close(m.kind, m.name);
        else if constexpr (std::is_same_v<T, Sync>) w.Sync();
        else if constexpr (std::is_same_v<T, Flush>) w.Flush();
        else if constexpr (std::is_same_v<T, Terminate>) w.Terminate();
        else if constexpr (std::is_same_v<T, CopyData>) w.CopyData(m.data);
        else if constexpr (std::is_same_v<T, CopyDone>) w.CopyDone();
        else if constexpr (std::is_same_v<T, CopyFail>) w.CopyFail(m.message);
        else if constexpr (std::is_same_v<T, FunctionCall>) w.FunctionCall(m);
        else if constexpr (std::is_same_v<T, PasswordLike>) w.SaslResponse(m.body);  // raw body
        else static_assert(sizeof(T) == 0, "unhandled frontend message");
      },
      message);
  return w.Take();
}

// The SQLSTATE and message of a failed status, for concise checks.
inline std::string MessageOf(const absl::Status& status) { return std::string(status.message()); }

}  // namespace freshet::pgwire::testing
