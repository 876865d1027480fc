// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <lal/base/payload.hpp>

#include "control_events.hpp"
#include "hls_file_writer.hpp"
#include "hub_types.hpp"

namespace lal::server {

/// The file name `pattern` (record.file_pattern) gives for a file of `key`
/// opened at `unix_ms`, the recording's `index`-th (from 0): {app}, {stream},
/// {unixsec}, {unixms}, {datetime} (UTC, 20261207-093000) and {index}
/// replaced. A '/' or a name "." or ".." in the app or stream becomes '_', so
/// a publisher cannot name a file outside the out path.
std::string record_file_name(const std::string& pattern, const stream_key& key, std::int64_t unix_ms,
                             std::uint32_t index);

/// The files of one recording on the file writer thread (the bounded
/// hls_file_writer shared with nothing on the media path): open, write and
/// close run there, in the order the recording's worker queued them, so a
/// slow or full disk never blocks a worker. The first failure (a path that
/// cannot be made or opened, a write or close error, or the writer's queue
/// full) stops the output for good: one error line, the open file closed,
/// on_record_close reported with the error, and `failed` called so the
/// recording ends; the stream and its players go on.
class record_output : public std::enable_shared_from_this<record_output> {
public:
    /// Reports a file opened (true) or closed (false); runs on the writer thread.
    using report_fn = std::function<void(bool opened, const record_file_info& info)>;
    /// `about`: app, stream and format of every report. `failed` runs once, on the writer thread or the worker.
    record_output(hls_file_writer& writer, record_file_info about, report_fn report, std::function<void()> failed);
    /// Closes a file left open, reporting it (with the loss when the writer's queue was full).
    ~record_output();
    record_output(const record_output&) = delete;
    record_output& operator=(const record_output&) = delete;

    /// Queues the opening of `path` (its folders made first), closing any file open before.
    void open(std::string path);
    /// Queues `pieces` for the open file; `media_ms`: media time in the file once they are written.
    void write(std::vector<lal::payload> pieces, std::int64_t media_ms);
    /// Queues the close of the open file (reported with its bytes and duration).
    void close();
    /// False once the output failed: nothing more is written.
    bool ok() const noexcept { return !failed_.load(std::memory_order_relaxed); }

private:
    // Writer thread only.
    void do_open(const std::string& path);
    void do_write(const std::vector<lal::payload>& pieces, std::int64_t media_ms);
    void do_close();
    /// Stops the output: one error line, the file closed and reported with `why`.
    void fail(const std::string& why);
    /// After a refused job: closes the open file, reporting the loss once.
    void close_dropped();
    /// Queues `job`; a full queue fails the output (the file would miss bytes).
    void post(std::function<void(record_output&)> job, std::size_t bytes);

    hls_file_writer& writer_;
    report_fn report_;
    std::function<void()> failed_fn_;
    std::atomic<bool> failed_{false};
    std::atomic<bool> dropped_{false};  // a job was refused: the next one to run fails the output
    // Writer thread only (or the destructor, once no job holds this).
    record_file_info file_;
    int fd_ = -1;
    bool drop_reported_ = false;
};

}  // namespace lal::server
