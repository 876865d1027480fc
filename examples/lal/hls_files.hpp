// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <lal/base/payload.hpp>
#include <lal/hls/events.hpp>

#include "hls_file_writer.hpp"

namespace lal::server {

/// The optional files of one HLS stream under `<hls.out_path><stream>/`
/// (hls.use_memory_as_disk_flag off), as lal-Go lays them out: the segments,
/// playlist.m3u8 and record.m3u8, removed as the segmenter's cleanup decisions
/// (delete_files events, lal-Go's cleanup_mode) say. Playlists are replaced
/// by rename, so a reader never sees half of one. Called on the stream's
/// worker; the I/O itself runs on the shared hls_file_writer thread. The
/// first write that fails stops this stream's file output (one log line);
/// memory HLS goes on.
class hls_files {
public:
    /// Queues the creation of the stream's folder.
    hls_files(hls_file_writer& writer, const std::string& out_path, const std::string& stream);

    /// Queues the write of a closed segment; `written(ok)` runs on the writer
    /// thread after it. False (and `written` never runs) when file output has
    /// stopped or the writer's queue is full.
    bool write_segment(const lal::hls::segment_ptr& seg, std::function<void(bool ok)> written);
    /// Queues `fn` to run on the writer thread after the jobs queued before
    /// (notifications that must stay in order with the writes); false when dropped.
    bool then(std::function<void()> fn) { return post(std::move(fn), 0, "a notification"); }
    /// Queues the write of the live playlist and, when not empty, the record playlist.
    void write_playlists(const lal::payload& live, const lal::payload& record);
    /// Keeps a cleanup decision for remove_due.
    void schedule(const lal::hls::delete_files& d);
    /// Queues the removal of the files whose time (Unix ms) has come by `now_ms`.
    void remove_due(std::int64_t now_ms);
    /// Where `name` is (or would be) written.
    std::string path_of(const std::string& name) const { return (state_->dir / name).string(); }
    /// False once a write failed: nothing more is written for this stream.
    bool writing() const noexcept { return !state_->failed.load(std::memory_order_relaxed); }

private:
    // Shared with the queued jobs, which may outlive this object.
    struct state {
        std::filesystem::path dir;
        std::string stream;
        std::atomic<bool> failed{false};
        /// Marks the output as stopped, logging why the first time.
        void stop(const std::string& what, const std::string& why);
    };
    /// Queues a job; logs a drop (the queue is full).
    bool post(std::function<void()> job, std::size_t bytes, const std::string& what);

    hls_file_writer& writer_;
    std::shared_ptr<state> state_;
    std::vector<lal::hls::delete_files> pending_;
};

/// Removes what a previous run left under `out_path` (a crash skips the
/// cleanup at stream end): in each `<stream>/` folder the segments
/// (`<stream>-<ms>-<seq>.ts`), playlist.m3u8, record.m3u8 and unfinished
/// `.tmp` playlists, then the folder if empty. With cleanup_mode 0 (never
/// clean up, lal-Go's 0) only the `.tmp` files go. Other files stay. Returns
/// the number of files removed. Runs before serving, so no stream is live.
std::size_t remove_orphan_files(const std::string& out_path, std::uint32_t cleanup_mode);

}  // namespace lal::server
