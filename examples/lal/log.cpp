// SPDX-License-Identifier: MIT
#include "log.hpp"

#include <filesystem>
#include <vector>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/daily_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

namespace lal::server {

namespace {
spdlog::level::level_enum to_spdlog(int level) {
    switch (level) {
        case 1: return spdlog::level::debug;
        case 2: return spdlog::level::info;
        case 3: return spdlog::level::warn;
        case 4: return spdlog::level::err;
        default: return spdlog::level::critical;
    }
}
}  // namespace

std::string init_logging(const config::log_section& c) {
    std::vector<spdlog::sink_ptr> sinks;
    if (c.is_to_stdout) sinks.push_back(std::make_shared<spdlog::sinks::stdout_sink_mt>());
    if (!c.filename.empty()) {
        try {
            const auto dir = std::filesystem::path(c.filename).parent_path();
            if (!dir.empty()) std::filesystem::create_directories(dir);
            if (c.is_rotate_daily) {
                sinks.push_back(std::make_shared<spdlog::sinks::daily_file_sink_mt>(c.filename, 0, 0));
            } else {
                sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(c.filename));
            }
        } catch (const std::exception& e) {
            return "cannot open log file " + c.filename + ": " + e.what();
        }
    }
    auto logger = std::make_shared<spdlog::logger>("lal", sinks.begin(), sinks.end());
    logger->set_level(to_spdlog(c.level));
    // 2026/11/24 10:00:00.123456 INFO message - file.cpp:42
    logger->set_pattern(c.short_file_flag ? "%Y/%m/%d %H:%M:%S.%f %-5l %v - %s:%#" : "%Y/%m/%d %H:%M:%S.%f %-5l %v");
    logger->flush_on(spdlog::level::warn);
    spdlog::set_default_logger(logger);
    spdlog::flush_every(std::chrono::seconds(1));
    return {};
}

void shutdown_logging() {
    if (auto l = spdlog::default_logger()) l->flush();
    spdlog::shutdown();
}

}  // namespace lal::server
