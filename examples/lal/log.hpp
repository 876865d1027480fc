// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include <spdlog/spdlog.h>

#include "config.hpp"

namespace lal::server {

/// Sets up the process logger from the `log` section: stdout and/or a file
/// (rotated daily when asked). Returns an error text, empty on success.
std::string init_logging(const config::log_section& c);
/// Flushes and closes every sink (at exit).
void shutdown_logging();

}  // namespace lal::server

// Log with the caller's file and line (shown when log.short_file_flag is on).
#define LAL_LOG_DEBUG(...) SPDLOG_LOGGER_CALL(spdlog::default_logger_raw(), spdlog::level::debug, __VA_ARGS__)
#define LAL_LOG_INFO(...) SPDLOG_LOGGER_CALL(spdlog::default_logger_raw(), spdlog::level::info, __VA_ARGS__)
#define LAL_LOG_WARN(...) SPDLOG_LOGGER_CALL(spdlog::default_logger_raw(), spdlog::level::warn, __VA_ARGS__)
#define LAL_LOG_ERROR(...) SPDLOG_LOGGER_CALL(spdlog::default_logger_raw(), spdlog::level::err, __VA_ARGS__)
#define LAL_LOG_FATAL(...) SPDLOG_LOGGER_CALL(spdlog::default_logger_raw(), spdlog::level::critical, __VA_ARGS__)
