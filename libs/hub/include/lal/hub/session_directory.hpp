// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <lal/hub/executor.hpp>
#include <lal/hub/stream_key.hpp>

namespace lal::hub {

/// What one session (a publisher, a player, a pull) says about itself, for an
/// API, notifications and metrics. Names follow lal-Go's StatSession.
struct session_info {
    std::string id;           ///< unique in the process, e.g. "RTMPPUB1"
    std::string protocol;     ///< "RTMP", "FLV", ...
    std::string base_type;    ///< "PUB", "SUB", "PULL", "PUSH"
    std::string remote_addr;  ///< "1.2.3.4:5678", or the origin's URL for a pull
    stream_key key;
    std::string url;          ///< the URL asked for, query included when known
    std::string url_param;    ///< the query string, without '?'
    std::int64_t start_unix_ms = 0;
    std::uint64_t read_bytes = 0;
    std::uint64_t wrote_bytes = 0;
    std::uint64_t write_calls = 0;     ///< socket writes (bytes per call shows how well writes gather)
    std::uint64_t frames_dropped = 0;  ///< a player's frames dropped because it was behind
    bool slow_closed = false;          ///< a player the hub closed for staying behind
    // What a publisher or pull feeds in (empty / 0 for players).
    std::string audio_codec;  ///< "AAC", "OPUS", ...
    std::string video_codec;  ///< "H264", "H265", ...
    std::uint32_t video_width = 0;
    std::uint32_t video_height = 0;
    std::uint64_t video_frames = 0;  ///< video frames received since the start
    /// Audio frames the session's transcoder failed to decode or encode (and
    /// dropped): a WHIP publisher's Opus->AAC, a WHEP player's stream-shared AAC->Opus.
    std::uint64_t transcode_errors = 0;
    // Filled in by session_directory::gather (kbit/s since the previous gather).
    std::uint32_t read_kbits = 0;
    std::uint32_t wrote_kbits = 0;
    std::uint32_t video_fps = 0;
};

/// A session the directory can describe and end. Called only on the worker
/// the session was added on.
class described_session {
public:
    virtual ~described_session() = default;
    /// The session as it is now (counters read on its own thread).
    virtual session_info describe() const = 0;
    /// Ends the session (an operator asked for it); `reason` is for the log.
    virtual void kick(std::string_view reason) = 0;
};

/// Told about sessions coming and going, on the session's worker, after the
/// directory's own bookkeeping (notify, metrics).
class session_listener {
public:
    virtual ~session_listener() = default;
    /// `info` was just added.
    virtual void on_session_start(const session_info& /*info*/) {}
    /// `info` (its final counters) was just removed.
    virtual void on_session_stop(const session_info& /*info*/) {}
};

/// Every live session of a server, kept per worker so that nothing is locked
/// and every session is only touched on its own thread: add and remove run on
/// the session's worker; gather and kick post one piece of work to each worker
/// and answer once all have run. Bitrates and frame rates are computed from
/// the counters' change over a window of at least a second, renewed by the
/// first gather after it ends (lal-Go computes them over its own interval the
/// same way); gathers in between report the last window's rates.
class session_directory {
public:
    /// `workers[i]` runs work on worker i; `clock` gives monotonic ms.
    session_directory(std::vector<executor*> workers, clock_fn clock);
    ~session_directory();
    session_directory(const session_directory&) = delete;
    session_directory& operator=(const session_directory&) = delete;

    /// A new unique id: `prefix` and a number counted over the process ("RTMPPUB" -> "RTMPPUB7").
    std::string next_id(std::string_view prefix);

    /// Adds a session (not owned; must call remove before it goes) on worker `worker`'s thread.
    void add(std::size_t worker, described_session& s);
    /// Removes the session `last.id` from worker `worker`'s table; `last`, its final
    /// description, goes to the listeners.
    void remove(std::size_t worker, const session_info& last);

    /// Describes every session, one post per worker; `done` runs once, on the
    /// worker that answered last, with all of them.
    void gather(std::function<void(std::vector<session_info>)> done);
    /// Kicks the session `id` wherever it lives; `done(found)` runs once, on the
    /// worker that answered last.
    void kick(std::string id, std::string reason, std::function<void(bool)> done);

    /// Adds a listener (not owned). Register before serving.
    void add_listener(session_listener& l) { listeners_.push_back(&l); }
    /// Removes a listener added before (after serving).
    void remove_listener(session_listener& l) { std::erase(listeners_, &l); }

    /// Sessions added and not removed, on all workers.
    std::size_t size() const noexcept { return count_.load(std::memory_order_relaxed); }

private:
    struct entry {
        described_session* session = nullptr;
        std::uint64_t last_ms = 0;
        std::uint64_t last_read = 0;
        std::uint64_t last_wrote = 0;
        std::uint64_t last_frames = 0;
        bool rated = false;  // the rates below were computed once
        std::uint32_t read_kbits = 0;
        std::uint32_t wrote_kbits = 0;
        std::uint32_t video_fps = 0;
    };
    /// Shortest window rates are computed over (ms).
    static constexpr std::uint64_t rate_window_ms = 1000;
    struct worker_table {
        std::unordered_map<std::string, entry> sessions;
    };

    std::vector<executor*> workers_;
    clock_fn clock_;
    std::vector<std::unique_ptr<worker_table>> tables_;
    std::vector<session_listener*> listeners_;
    std::atomic<std::uint64_t> next_{0};
    std::atomic<std::size_t> count_{0};
};

}  // namespace lal::hub
