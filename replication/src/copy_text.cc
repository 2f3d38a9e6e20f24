#include "copy_text.h"

namespace freshet::replication {
namespace {

bool IsOctal(char c) { return c >= '0' && c <= '7'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

absl::Status SplitCopyLine(std::string_view line, std::vector<CopyField>& fields) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  size_t n = 0;
  size_t i = 0;
  for (;;) {
    if (fields.size() <= n) fields.emplace_back();
    CopyField& f = fields[n++];
    f.value.clear();
    f.null = false;
    size_t start = i;
    while (i < line.size() && line[i] != '\t') {
      char c = line[i];
      if (c != '\\') {
        // Copy the run of plain bytes at once.
        size_t j = i;
        while (j < line.size() && line[j] != '\t' && line[j] != '\\') ++j;
        f.value.append(line.data() + i, j - i);
        i = j;
        continue;
      }
      if (i + 1 >= line.size()) return absl::DataLossError("COPY data ends in a backslash");
      char e = line[i + 1];
      i += 2;
      switch (e) {
        case 'N':
          if (i - 2 == start && (i == line.size() || line[i] == '\t')) {
            f.null = true;
          } else {
            f.value.push_back('N');
          }
          break;
        case 'b': f.value.push_back('\b'); break;
        case 'f': f.value.push_back('\f'); break;
        case 'n': f.value.push_back('\n'); break;
        case 'r': f.value.push_back('\r'); break;
        case 't': f.value.push_back('\t'); break;
        case 'v': f.value.push_back('\v'); break;
        case 'x': {
          int v = 0, digits = 0;
          while (digits < 2 && i < line.size() && HexValue(line[i]) >= 0) v = v * 16 + HexValue(line[i++]), ++digits;
          if (digits == 0) {
            f.value.push_back('x');
          } else {
            f.value.push_back(static_cast<char>(v));
          }
          break;
        }
        default:
          if (IsOctal(e)) {
            int v = e - '0', digits = 1;
            while (digits < 3 && i < line.size() && IsOctal(line[i])) v = v * 8 + (line[i++] - '0'), ++digits;
            f.value.push_back(static_cast<char>(v & 0xff));
          } else {
            f.value.push_back(e);  // \\ and any other escaped byte stand for themselves
          }
      }
    }
    if (i >= line.size()) break;
    ++i;  // the tab
  }
  fields.resize(n);
  return absl::OkStatus();
}

}  // namespace freshet::replication
