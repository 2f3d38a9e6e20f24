# Third-party dependencies, all from Debian 12 packages (see docs/building.md).
find_package(Threads REQUIRED)
find_package(Boost 1.74 REQUIRED CONFIG)
find_package(OpenSSL 3 REQUIRED)
find_package(PostgreSQL 15 REQUIRED)
find_package(absl REQUIRED CONFIG)
find_package(Protobuf 3.21 REQUIRED)
find_package(Catch2 2 REQUIRED CONFIG)
# RocksDB::rocksdb is the static library (it pulls snappy, zlib, bz2, lz4, zstd).
find_package(RocksDB 7.8 REQUIRED CONFIG)

# libpg_query ships no CMake config: a hand-made imported target on the static
# archive (the .so exports ~2100 PostgreSQL-internal symbols).
find_path(PG_QUERY_INCLUDE_DIR pg_query.h REQUIRED)
find_library(PG_QUERY_LIBRARY NAMES libpg_query.a REQUIRED)
add_library(pg_query::pg_query UNKNOWN IMPORTED)
set_target_properties(pg_query::pg_query PROPERTIES
  IMPORTED_LOCATION "${PG_QUERY_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${PG_QUERY_INCLUDE_DIR}")

# C++ classes for pg_query.proto, compiled once into their own library.
set(PGQ_DIR ${CMAKE_BINARY_DIR}/pgq_proto)
configure_file(${PG_QUERY_INCLUDE_DIR}/pg_query/pg_query.proto ${PGQ_DIR}/pg_query.proto COPYONLY)
add_library(pgq_proto STATIC ${PGQ_DIR}/pg_query.proto)
protobuf_generate(TARGET pgq_proto LANGUAGE cpp APPEND_PATH PROTOC_OUT_DIR ${PGQ_DIR})
target_include_directories(pgq_proto SYSTEM PUBLIC ${PGQ_DIR})
target_link_libraries(pgq_proto PUBLIC protobuf::libprotobuf)
set_property(TARGET pgq_proto PROPERTY POSITION_INDEPENDENT_CODE ON)
# Generated code: no warnings, -O1 -g0 outside Debug (26 s instead of 60 s; see
# toolchain notes 3.6).
set_source_files_properties(${PGQ_DIR}/pg_query.pb.cc PROPERTIES COMPILE_OPTIONS
  "-w;$<$<NOT:$<CONFIG:Debug>>:-O1>;$<$<NOT:$<CONFIG:Debug>>:-g0>")
