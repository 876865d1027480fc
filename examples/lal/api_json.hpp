// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <lal/hub/session_directory.hpp>
#include <lal/hub/stream_key.hpp>

#include "config.hpp"

namespace lal::server {

/// lal-Go's error codes of the HTTP API envelope (pkg/base: ErrorCode*).
namespace api_code {
inline constexpr int succ = 0;
inline constexpr int page_not_found = 404;
inline constexpr int group_not_found = 1001;
inline constexpr int param_missing = 1002;
inline constexpr int session_not_found = 1003;
inline constexpr int start_relay_pull_fail = 2001;
}  // namespace api_code

/// The envelope of every API answer: {error_code, desp, data}; `data` null leaves it out.
nlohmann::json api_envelope(int code, std::string_view desp, nlohmann::json data = nullptr);

/// lal-Go's LalInfo (lal_info and on_server_start).
nlohmann::json lal_info_json(const config& c, std::int64_t start_unix_ms);

/// lal-Go's StatSession of one session.
nlohmann::json stat_session_json(const lal::hub::session_info& s);

/// lal-Go's StatGroup of every stream: the streams of the hub (`keys`) and of
/// the sessions, each with its publisher, players and pull.
nlohmann::json stat_groups_json(const std::vector<lal::hub::session_info>& sessions,
                                const std::vector<lal::hub::stream_key>& keys, std::int64_t now_unix_ms);

/// lal-Go's SessionEventCommonInfo (on_pub_start ... on_relay_pull_stop).
/// `has_in` / `has_out`: the stream has a publisher / players.
nlohmann::json session_event_json(const std::string& server_id, const lal::hub::session_info& s, bool has_in,
                                  bool has_out);

/// "2006-01-02 15:04:05.000" in local time, as lal-Go writes start_time.
std::string lal_time_text(std::int64_t unix_ms);

}  // namespace lal::server
