// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "control_events.hpp"
#include "hls_file_writer.hpp"
#include "hub_types.hpp"
#include "service.hpp"

namespace lal::server {

class recording;

/// One active recording, for the stat API.
struct record_status {
    std::string format;          ///< "flv", "ts" or "mp4"
    std::string file;            ///< the file being written; empty while waiting for a key frame
    std::int64_t start_unix_ms = 0;  ///< when that file was opened
    std::uint64_t bytes = 0;     ///< bytes queued for it so far
};

/// Recording of streams to files (lal-Go's record section, plus per-stream
/// start and stop through the API). A hub observer: with record.enable_flv,
/// enable_mpegts or enable_mp4 every published stream is recorded from its first key frame,
/// in each file its header and codec configuration first (record_muxer). Each
/// recording is a hub subscriber on one worker; its files are written on one
/// writer thread (hls_file_writer, bounded), so a slow disk never blocks a
/// worker, and a failure ends only that recording (record_output). A file ends
/// when its publisher leaves (one coming back within stream.wait_publisher_ms
/// continues the recording in a new file) or, with record.split_duration_s,
/// at the first key frame past that duration. Every file opened and closed is
/// reported to control_events (on_record_open, on_record_close).
/// Totals of every recording since start, for /metrics (lal_record_*).
struct record_counters {
    /// Files opened, by format: flv, ts, mp4.
    std::atomic<std::uint64_t> files[3]{};
    /// Bytes of the files closed.
    std::atomic<std::uint64_t> bytes{0};
    /// Recordings stopped by an error (unwritable path, full disk, writer behind).
    std::atomic<std::uint64_t> errors{0};
    /// The formats in the order of `files`.
    static constexpr const char* formats[3] = {"flv", "ts", "mp4"};
};

class record_service final : public service, public lal::hub::observer {
public:
    explicit record_service(server_context& ctx);
    ~record_service() override;

    std::string_view name() const noexcept override { return "record"; }
    /// Ends every recording on its worker, closing its file.
    void stop(bool abort) override;

    /// What start_recording and stop_recording did.
    enum class answer { done, no_stream, bad_format, not_recording };
    /// The result of a start or stop: what happened, the stream and the formats concerned.
    struct outcome {
        answer what = answer::done;
        std::string why;
        stream_key key;
        std::vector<std::string> formats;
    };
    /// Starts recording the live stream named `stream_name` in `format` ("flv",
    /// "ts" or "mp4"; empty: "flv"); one already recording in it goes on. Any thread.
    outcome start_recording(const std::string& stream_name, std::string format);
    /// Stops the recordings of `stream_name` in `format` (empty: every format). Any thread.
    outcome stop_recording(const std::string& stream_name, const std::string& format);
    /// The active recordings of `key`. Any thread.
    std::vector<record_status> status(const stream_key& key) const;
    /// Totals since start. Any thread.
    const record_counters& counters() const noexcept { return counters_; }

    // lal::hub::observer
    void on_publish_start(const stream_key& key, const publisher_sink& publisher, std::string_view query) override;

private:
    friend class recording;
    /// Starts recording `key` in `format` unless it is already recorded so.
    void begin(const stream_key& key, std::string_view format);
    /// Drops `r` from the map if it is still there; true when it was.
    bool forget(const std::shared_ptr<recording>& r);
    /// Reports a file opened or closed (on a worker).
    void report(bool opened, const record_file_info& info);

    server_context& ctx_;
    record_counters counters_;
    hls_file_writer writer_;
    mutable std::mutex mutex_;
    // By "<app>/<stream> <format>".
    std::unordered_map<std::string, std::shared_ptr<recording>> recordings_;
    // Every recording made, including those whose posted end may never run at
    // shutdown: the destructor ends their subscriptions while the hub is there.
    std::vector<std::weak_ptr<recording>> made_;
};

}  // namespace lal::server
