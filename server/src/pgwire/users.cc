#include "users.h"

#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace freshet::server {

absl::StatusOr<UserDirectory> UserDirectory::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read users file ", path));
  UserDirectory dir;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    absl::string_view l = absl::StripAsciiWhitespace(line);
    if (l.empty() || l.front() == '#') continue;
    size_t colon = l.find(':');
    if (colon == absl::string_view::npos || colon == 0) {
      // Never echo the line: it may hold a password.
      return absl::InvalidArgumentError(absl::StrCat(path, ":", line_no, ": expected name:secret"));
    }
    dir.secrets_[std::string(l.substr(0, colon))] = std::string(l.substr(colon + 1));
  }
  return dir;
}

std::optional<std::string> UserDirectory::Secret(const std::string& user) const {
  auto it = secrets_.find(user);
  if (it == secrets_.end()) return std::nullopt;
  return it->second;
}

}  // namespace freshet::server
