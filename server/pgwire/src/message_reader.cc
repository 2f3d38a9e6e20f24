#include "pgwire/message_reader.h"

#include <utility>

namespace freshet::pgwire {

void MessageReader::Append(std::string_view bytes) {
  if (!error_.ok()) return;
  buf_.append(bytes);
}

void MessageReader::Consume(size_t n) {
  pos_ += n;
  if (pos_ == buf_.size()) {
    buf_.clear();
    pos_ = 0;
  } else if (pos_ >= 4096 && pos_ * 2 >= buf_.size()) {
    // Amortized: each byte is moved at most once per halving.
    buf_.erase(0, pos_);
    pos_ = 0;
  }
}

absl::Status MessageReader::Fail(absl::Status status) {
  error_ = std::move(status);
  buf_.clear();
  buf_.shrink_to_fit();
  pos_ = 0;
  return error_;
}

absl::StatusOr<std::optional<IncomingMessage>> MessageReader::Next() {
  if (!error_.ok()) return error_;
  std::string_view avail = std::string_view(buf_).substr(pos_);
  if (expect_startup_) {
    if (avail.size() < 4) return std::nullopt;
    auto len = DecodeStartupLength(avail.data(), kMaxStartupPacketSize);
    if (!len.ok()) return Fail(len.status());
    if (avail.size() < *len) return std::nullopt;
    auto request = DecodeStartupPacket(avail.substr(4, *len - 4));
    if (!request.ok()) return Fail(request.status());
    Consume(*len);
    if (std::holds_alternative<StartupMessage>(*request)) expect_startup_ = false;
    return IncomingMessage(*std::move(request));
  }
  if (avail.size() < 5) return std::nullopt;
  auto header = DecodeHeader(avail.data(), max_message_size_);
  if (!header.ok()) return Fail(header.status());
  if (avail.size() - 5 < header->body_len) return std::nullopt;
  auto message = DecodeFrontend(header->tag, avail.substr(5, header->body_len));
  if (!message.ok()) return Fail(message.status());
  Consume(5 + static_cast<size_t>(header->body_len));
  return IncomingMessage(*std::move(message));
}

}  // namespace freshet::pgwire
