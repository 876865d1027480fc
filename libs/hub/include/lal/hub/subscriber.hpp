// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include <lal/hub/executor.hpp>
#include <lal/hub/frame.hpp>

namespace lal::hub {

/// Bounds on what one subscriber may have waiting to be written.
struct queue_limits {
    /// Over this many queued bytes, frames are dropped up to the next key frame.
    std::size_t max_bytes = 4 * 1024 * 1024;
    /// Over this much queued media time (ms), likewise.
    std::uint32_t max_ms = 5000;
    /// A subscriber that stays behind this long (ms) is closed.
    std::uint32_t slow_close_ms = 10000;
};

/// The transport side of one player (RTMP and HTTP-FLV players, relay push...).
/// The hub calls it on the subscriber's own worker thread only.
class subscriber_sink {
public:
    virtual ~subscriber_sink() = default;
    /// The stream is live: answer the play request (RTMP onStatus / HTTP 200).
    virtual void start() = 0;
    /// The publisher left; the player stays and may see the stream again.
    virtual void stop() = 0;
    /// A publisher (re)started the stream after start(): players go on seamlessly
    /// (the hub keeps the timeline monotonic); a segmenter marks a discontinuity.
    virtual void restarted() {}
    /// Queues the frame's bytes in this sink's output form (frame::encoded with
    /// the form it subscribed with), sharing them.
    virtual void send(const frame& f) = 0;
    /// Bytes queued and not yet written to the socket.
    virtual std::size_t queued_bytes() const = 0;
    /// Bytes written to the socket since the connection started.
    virtual std::uint64_t written_bytes() const = 0;
    /// The hub gives up on this subscriber (it fell too far behind).
    virtual void close(std::string_view reason) = 0;
};

/// Counters a subscriber keeps about itself.
struct subscriber_stats {
    std::uint64_t frames_sent = 0;
    std::uint64_t frames_dropped = 0;
    std::uint64_t drop_episodes = 0;
};

/// Hub-side state of one player: decides per frame whether to send it, drop it
/// (to keep a slow player bounded) or wait for a key frame. Lives on one worker.
class subscriber {
public:
    /// `sink` must outlive this object.
    subscriber(subscriber_sink& sink, form_index form, std::size_t gop_num, queue_limits limits,
               clock_fn clock);

    subscriber_sink& sink() noexcept { return sink_; }
    form_index form() const noexcept { return form_; }
    /// GOPs this subscriber is sent on joining.
    std::size_t gop_num() const noexcept { return gop_num_; }
    bool started() const noexcept { return started_; }
    bool closed() const noexcept { return closed_; }
    const subscriber_stats& stats() const noexcept { return stats_; }

    /// The publisher is live (on joining a live stream, or when one starts). Frames
    /// up to `seq` are in `catch_up`, which is sent first.
    void on_start(std::uint64_t seq, const std::vector<frame_ptr>& catch_up);
    /// A live frame; frames already seen (sequence <= the last one) are ignored.
    void on_frame(const frame_ptr& f);
    /// Joined a stream that is not live: ignore anything up to `seq`.
    void skip_until(std::uint64_t seq) noexcept { last_seq_ = seq; }
    /// The publisher left (event at `seq`).
    void on_stop(std::uint64_t seq);
    /// Highest stream sequence number handled.
    std::uint64_t last_sequence() const noexcept { return last_seq_; }

private:
    void deliver(const frame_ptr& f);
    bool behind();
    void clear_marks() noexcept;
    void send(const frame_ptr& f);

    subscriber_sink& sink_;
    form_index form_;
    std::size_t gop_num_;
    queue_limits limits_;
    clock_fn clock_;
    subscriber_stats stats_;
    std::uint64_t last_seq_ = 0;
    bool started_ = false;
    bool closed_ = false;
    bool need_keyframe_ = true;  // video waits for a key frame after (re)start
    bool dropping_ = false;      // behind: drop until the next key frame
    bool seen_video_ = false;
    std::uint64_t behind_since_ms_ = 0;
    // Sink byte offset at which each queued frame ends, and its dts:
    // what is still unwritten tells how much media time is queued. A vector
    // read from marks_head_, not a deque: a deque allocates about 600 bytes
    // on construction, which every one of thousands of players would hold.
    struct queued_mark {
        std::uint64_t end_offset;
        media::micros dts;
    };
    std::vector<queued_mark> marks_;
    std::size_t marks_head_ = 0;  // first mark not yet written
};

}  // namespace lal::hub
