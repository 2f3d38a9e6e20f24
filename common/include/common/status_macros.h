// FRESHET_ASSIGN_OR_RETURN(lhs, expr): evaluates `expr` (an absl::StatusOr),
// returns its status from the enclosing function if it is an error, else
// moves its value into `lhs` (a declaration or an lvalue).
#pragma once

#define FRESHET_STATUS_CONCAT_(a, b) a##b
#define FRESHET_STATUS_CONCAT(a, b) FRESHET_STATUS_CONCAT_(a, b)

#define FRESHET_ASSIGN_OR_RETURN(lhs, expr)                                      \
  auto FRESHET_STATUS_CONCAT(status_or_, __LINE__) = (expr);                     \
  if (!FRESHET_STATUS_CONCAT(status_or_, __LINE__).ok())                         \
    return FRESHET_STATUS_CONCAT(status_or_, __LINE__).status();                 \
  lhs = *std::move(FRESHET_STATUS_CONCAT(status_or_, __LINE__))

#define FRESHET_RETURN_IF_ERROR(expr)       \
  do {                                      \
    if (auto s_ = (expr); !s_.ok()) return s_; \
  } while (0)
