// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

namespace lal::hls {

/// Unix milliseconds as the date-time of EXT-X-PROGRAM-DATE-TIME (RFC 8216
/// 4.3.2.6, ISO 8601 / RFC 3339 with milliseconds, UTC): 2026-12-07T02:47:24.123Z.
std::string format_program_date_time(std::int64_t unix_ms);

}  // namespace lal::hls
