// SPDX-License-Identifier: MIT
#include <lal/hls/program_date_time.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace lal::hls {

std::string format_program_date_time(std::int64_t unix_ms) {
    using namespace std::chrono;
    // Four-digit years only (RFC 3339 5.6): 0001-01-01 to 9999-12-31.
    constexpr std::int64_t first_ms = -62'135'596'800'000;
    constexpr std::int64_t last_ms = 253'402'300'799'999;
    const sys_time<milliseconds> t{milliseconds{std::clamp(unix_ms, first_ms, last_ms)}};
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss<milliseconds> hms{t - day};
    char out[40];
    std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()), static_cast<int>(hms.subseconds().count()));
    return out;
}

}  // namespace lal::hls
