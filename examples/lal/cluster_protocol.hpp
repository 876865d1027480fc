// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cluster_record.hpp"

// What servers of one cluster write to and read from their shared registry:
// key names and the commands that keep the records (cluster_record.hpp).
// No I/O: another registry than Redis would replace only the commands.
namespace lal::server::cluster {

/// Query parameter of a pull between cluster servers: how many servers the
/// stream already went through, so a chain (edge -> mid -> origin) cannot loop.
inline constexpr std::string_view hops_param = "lal_cluster_hops";

/// The registry's address from "redis://host[:port]" (port 6379 by default).
struct registry_address {
    std::string host;
    std::uint16_t port = 6379;
};
/// Parses a registry URL; nullopt when it is not redis://host[:port].
std::optional<registry_address> parse_registry_url(std::string_view url);

/// "lal:stream:<app>/<stream>": who publishes the stream.
std::string stream_key_name(std::string_view app, std::string_view stream);
/// "lal:server:<id>": a server's address and load.
std::string server_key_name(std::string_view server_id);
/// The pattern a scheduler scans for every server's load record.
inline constexpr std::string_view server_key_pattern = "lal:server:*";

/// Claims `key` for `owner_record` for `ttl_ms`: sets it when absent, ours,
/// or `force` (a takeover). Answers 1 when set, else the current owner record.
/// Used for the first claim and for every refresh while the stream lives.
std::vector<std::string> claim_command(const std::string& key, const std::string& owner_record,
                                       std::uint32_t ttl_ms, bool force);
/// Deletes `key` only while it still holds `owner_record` (not a successor's).
std::vector<std::string> release_command(const std::string& key, const std::string& owner_record);
/// Reads the owner record of `key` (nil when nobody publishes it).
std::vector<std::string> lookup_command(const std::string& key);
/// Stores a server's load record for `ttl_ms`.
std::vector<std::string> load_command(const server_load& l, std::uint32_t ttl_ms);

/// The hop count in a play's query (0 when absent or malformed).
std::uint32_t hops_in_query(std::string_view query) noexcept;
/// The RTMP URL a server pulls app/stream from at `authority` ("host:port"), carrying `hops`.
std::string pull_url(std::string_view authority, std::string_view app, std::string_view stream, std::uint32_t hops);

}  // namespace lal::server::cluster
