// The streaming replication frames around pgoutput: XLogData and keepalive
// parsing, the standby status update bytes, LSN text.
#include <catch2/catch.hpp>

#include <random>

#include "pgoutput_encoder.h"
#include "replication/stream_frames.h"

using namespace freshet::replication;
using freshet::replication::testing::Bytes;

TEST_CASE("replication frames: XLogData") {
  std::string payload =
      Bytes().U8('w').U64(0x100).U64(0x200).U64(0x300).Raw("Bxyz").str();
  auto frame = ParseReplicationFrame(payload);
  REQUIRE(frame.ok());
  const auto &x = std::get<XLogData>(*frame);
  CHECK(x.data_start == 0x100);
  CHECK(x.wal_end == 0x200);
  CHECK(x.send_time == 0x300);
  CHECK(x.data == "Bxyz");
  CHECK(x.data.data() == payload.data() + 25); // a view, not a copy

  auto empty =
      ParseReplicationFrame(Bytes().U8('w').U64(1).U64(2).U64(3).str());
  REQUIRE(empty.ok());
  CHECK(std::get<XLogData>(*empty).data.empty());
}

TEST_CASE("replication frames: keepalive") {
  std::string payload = Bytes().U8('k').U64(0xABCDEF).U64(77).U8(1).str();
  auto frame = ParseReplicationFrame(payload);
  REQUIRE(frame.ok());
  const auto &k = std::get<PrimaryKeepalive>(*frame);
  CHECK(k.wal_end == 0xABCDEF);
  CHECK(k.send_time == 77);
  CHECK(k.reply_requested);

  CHECK(ParseReplicationFrame(payload + "x").status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK_FALSE(
      ParseReplicationFrame(Bytes().U8('k').U64(1).U64(2).U8(2).str()).ok());
}

TEST_CASE("replication frames: truncations and garbage") {
  for (std::string payload : {Bytes().U8('w').U64(1).U64(2).U64(3).str(),
                              Bytes().U8('k').U64(1).U64(2).U8(0).str()}) {
    for (size_t n = 0; n < payload.size(); ++n) {
      auto frame = ParseReplicationFrame(payload.substr(0, n));
      INFO("cut at " << n);
      REQUIRE_FALSE(frame.ok());
      CHECK(frame.status().code() == absl::StatusCode::kDataLoss);
    }
  }
  auto unknown = ParseReplicationFrame("r");
  REQUIRE_FALSE(unknown.ok());
  CHECK(
      std::string(unknown.status().message()).find("unknown frame type 114") !=
      std::string::npos);
  std::mt19937 rng(7);
  for (int i = 0; i < 20'000; ++i) {
    std::string bytes(rng() % 40, '\0');
    for (char &c : bytes)
      c = static_cast<char>(rng());
    if (!bytes.empty())
      bytes[0] = "wkr"[rng() % 3];
    (void)ParseReplicationFrame(bytes);
  }
}

TEST_CASE("replication frames: standby status update bytes") {
  std::string bytes = EncodeStandbyStatusUpdate(
      {0x0102030405060708, 0x1112131415161718, 0x2122232425262728, -2, true});
  CHECK(bytes == Bytes()
                     .U8('r')
                     .U64(0x0102030405060708)
                     .U64(0x1112131415161718)
                     .U64(0x2122232425262728)
                     .U64(0xFFFFFFFFFFFFFFFE)
                     .U8(1)
                     .str());
  CHECK(bytes.size() == 34);
  CHECK(EncodeStandbyStatusUpdate({}).back() == 0);
}

TEST_CASE("LSN text") {
  CHECK(FormatLsn(0x16B374D848) == "16/B374D848");
  CHECK(FormatLsn(0) == "0/0");
  CHECK(*ParseLsn("16/B374D848") == 0x16B374D848);
  CHECK(*ParseLsn("0/0") == 0);
  CHECK(*ParseLsn("FFFFFFFF/ffffffff") == ~0ULL);
  for (const char *bad :
       {"", "/", "1/", "/1", "12", "1/2/3", "123456789/0", "g/0", "1 /0"}) {
    INFO(bad);
    CHECK_FALSE(ParseLsn(bad).ok());
  }
}
