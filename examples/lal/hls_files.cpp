// SPDX-License-Identifier: MIT
#include "hls_files.hpp"

#include <algorithm>
#include <fstream>
#include <system_error>

#include "log.hpp"

namespace lal::server {

hls_files::hls_files(const std::string& out_path, const std::string& stream) : dir_(std::filesystem::path(out_path) / stream) {
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec) {
        LAL_LOG_WARN("[hls] cannot create {}: {}", dir_.string(), ec.message());
        warned_ = true;
    }
}

void hls_files::write(const std::string& name, const lal::payload& bytes, bool replace) {
    const auto target = dir_ / name;
    const auto path = replace ? dir_ / (name + ".tmp") : target;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.bytes().data()), static_cast<std::streamsize>(bytes.size()));
    out.close();
    std::error_code ec;
    if (out && replace) std::filesystem::rename(path, target, ec);
    if ((!out || ec) && !warned_) {
        LAL_LOG_WARN("[hls] cannot write {}: {}", target.string(), ec ? ec.message() : "write failed");
        warned_ = true;
    }
}

void hls_files::write_segment(const lal::hls::segment& seg) { write(seg.name, seg.bytes, false); }

void hls_files::write_playlists(const lal::payload& live, const lal::payload& record) {
    if (!live.empty()) write("playlist.m3u8", live, true);
    if (!record.empty()) write("record.m3u8", record, true);
}

void hls_files::schedule(const lal::hls::delete_files& d) { pending_.push_back(d); }

void hls_files::remove_due(std::int64_t now_ms) {
    auto due = [now_ms](const lal::hls::delete_files& d) { return d.not_before_ms <= now_ms; };
    for (const auto& d : pending_) {
        if (!due(d)) continue;
        for (const auto& name : d.names) {
            std::error_code ec;
            std::filesystem::remove(dir_ / name, ec);  // already gone is fine
        }
    }
    std::erase_if(pending_, due);
}

}  // namespace lal::server
