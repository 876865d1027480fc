// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include <lal/hub/executor.hpp>
#include <lal/hub/fanout_origin.hpp>
#include <lal/hub/frame.hpp>
#include <lal/hub/gop_cache.hpp>
#include <lal/hub/stream_encoder.hpp>
#include <lal/hub/stream_key.hpp>
#include <lal/hub/subscriber.hpp>

namespace lal::hub {

class registry;

/// Everything one read delivers to the subscribers of one worker: frames, or
/// the publisher starting or stopping, in stream order.
struct fanout_item {
    enum class type : std::uint8_t { frame, start, stop };
    type what;
    std::uint64_t seq;
    frame_ptr f;
};

/// The subscribers of one stream that live on one worker. Touched only on that
/// worker's thread; the stream posts batches to it.
class local_fanout {
public:
    void add(subscriber* s);
    void remove(subscriber* s);
    bool empty() const noexcept { return count_ == 0; }
    std::size_t size() const noexcept { return count_; }
    /// Hands each item to every subscriber, in order; `origin` is when the
    /// stream took the items from its publisher (see fanout_origin).
    void deliver(const std::vector<fanout_item>& items, fanout_origin::time_point origin = {});

private:
    std::vector<subscriber*> subscribers_;
    std::size_t count_ = 0;
    bool delivering_ = false;
};

/// The publisher side of a stream, implemented by the glue of an ingest
/// session (RTMP publisher, relay pull).
class publisher_sink {
public:
    virtual ~publisher_sink() = default;
    /// Another publisher took the stream over (replace mode): close this one.
    virtual void kicked(std::string_view reason) = 0;
    /// True for a stream fed from another server (origin pull): a publisher that
    /// does not yield takes the stream over even when replacing is off.
    virtual bool yields_to_local() const noexcept { return false; }
};

/// Counters of one stream, for logs and tests.
struct stream_stats {
    std::uint64_t frames_in = 0;
    std::uint64_t bytes_in = 0;
    std::uint32_t publish_count = 0;
};

/// One live stream: at most one publisher, any number of subscribers on any
/// workers, a GOP cache, and the monotonic timeline players see across
/// republishes. Publishing and subscribing take a per-stream lock; nothing is
/// locked globally on the media path.
class stream : public std::enable_shared_from_this<stream> {
public:
    stream(stream_key key, registry& owner, std::size_t cache_gops, std::size_t max_gop_frames);

    const stream_key& key() const noexcept { return key_; }

    // ---- publisher side (called on the publisher's worker) ----
    /// Appends an item, converted once by the input (e.g. lal::flv::media_input),
    /// to the pending batch; its dts/pts are the publisher's.
    void push(media::media_item item);
    /// Moves the pending batch onto the stream's timeline and GOP cache and
    /// posts it to every worker with subscribers (one post each); the ordered
    /// forms' encoders run here, in stream order, before frames are shared. Messages of a
    /// publisher that is no longer the stream's (replaced) are dropped.
    void flush(const publisher_sink* from);

    /// True while a publisher is attached.
    bool live() const;
    /// Number of subscribers on all workers (approximate while others change it).
    std::size_t subscriber_count() const;
    stream_stats stats() const;
    /// The current configuration of the audio or video track (null before one came).
    media::track_config_ptr config(media_kind track) const;

private:
    friend class registry;
    struct timeline {
        bool have_last = false;
        media::micros last_out = 0;   // highest dts handed to players
        bool rebase_pending = false;  // next item starts a new publisher's timeline
        media::micros offset = 0;     // added to incoming dts and pts
    };

    /// What a subscriber joining now starts from.
    struct join_point {
        bool live = false;
        std::uint64_t seq = 0;
        std::vector<frame_ptr> catch_up;
    };

    // Called by the hub with its registry lock held.
    bool attach_publisher(publisher_sink* p, bool replace);
    bool detach_publisher(publisher_sink* p);
    join_point add_subscriber(subscriber& s, std::size_t worker);
    void remove_subscriber(subscriber& s, std::size_t worker);
    void post_to_workers(std::vector<fanout_item> items);
    media::micros to_stream_time(media::micros in, bool coded);

    stream_key key_;
    registry& hub_;
    mutable std::mutex mutex_;
    publisher_sink* publisher_ = nullptr;
    gop_cache cache_;
    timeline timeline_;
    std::uint64_t next_seq_ = 1;
    std::uint64_t keyframes_ = 0;  // video key frames so far: each frame's gop(), kept across publishers
    std::vector<std::shared_ptr<local_fanout>> fanouts_;  // by worker index
    std::vector<std::size_t> subscriber_counts_;          // by worker index
    std::vector<media::media_item> pending_;              // publisher thread only
    // The stream's encoders of ordered forms (made at creation), run under mutex_ in flush.
    std::vector<std::pair<form_index, std::unique_ptr<stream_encoder>>> encoders_;
    stream_stats stats_;
};

}  // namespace lal::hub
