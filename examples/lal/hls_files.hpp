// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <lal/base/payload.hpp>
#include <lal/hls/events.hpp>

namespace lal::server {

/// The optional files of one HLS stream under `<hls.out_path><stream>/`
/// (hls.use_memory_as_disk_flag off), as lal-Go lays them out: the segments,
/// playlist.m3u8 and record.m3u8, removed as the segmenter's cleanup decisions
/// (delete_files events, lal-Go's cleanup_mode) say. Playlists are replaced
/// by rename, so a reader never sees half of one. Blocking file I/O, on the
/// stream's worker; failures are logged once per kind and never stop serving.
class hls_files {
public:
    hls_files(const std::string& out_path, const std::string& stream);

    /// Writes a closed segment.
    void write_segment(const lal::hls::segment& seg);
    /// Writes the live playlist and, when not empty, the record playlist.
    void write_playlists(const lal::payload& live, const lal::payload& record);
    /// Queues a cleanup decision.
    void schedule(const lal::hls::delete_files& d);
    /// Removes the files whose time (Unix ms) has come by `now_ms`.
    void remove_due(std::int64_t now_ms);

private:
    void write(const std::string& name, const lal::payload& bytes, bool replace);

    std::filesystem::path dir_;
    std::vector<lal::hls::delete_files> pending_;
    bool warned_ = false;
};

}  // namespace lal::server
