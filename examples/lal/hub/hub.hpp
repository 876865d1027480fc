// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <vector>

#include <lal/base/result.hpp>

#include "executor.hpp"
#include "frame.hpp"
#include "stream.hpp"
#include "stream_key.hpp"
#include "subscriber.hpp"

namespace lal::server {

/// How the hub treats streams and subscribers.
struct hub_options {
    /// GOPs the cache keeps (the largest any output asks for).
    std::size_t cache_gops = 1;
    /// A GOP with more frames than this is not cached (0: no limit).
    std::size_t max_gop_frames = 0;
    /// Publishing a live stream replaces its publisher instead of being refused.
    bool replace_publisher = false;
    /// Per-subscriber queue bounds.
    queue_limits queue;
};

/// Told about streams coming and going (relays, logs). Called on the worker of
/// whoever caused the change, never with a hub lock held.
class hub_observer {
public:
    virtual ~hub_observer() = default;
    /// `publisher` attached to `key`; `query` is its URL query string.
    virtual void on_publish_start(const stream_key& /*key*/, const publisher_sink& /*publisher*/,
                                  std::string_view /*query*/) {}
    /// The publisher of `key` left.
    virtual void on_publish_stop(const stream_key& /*key*/) {}
    /// The number of subscribers of `key` changed to `count`; `live` says if it has a publisher.
    virtual void on_subscribers_changed(const stream_key& /*key*/, std::size_t /*count*/, bool /*live*/) {}
};

class hub;

/// A publisher's hold on a stream; dropping it ends the publication.
class publication {
public:
    publication(std::shared_ptr<stream> s, publisher_sink* sink, hub& h);
    ~publication();
    publication(const publication&) = delete;
    publication& operator=(const publication&) = delete;

    /// Adds one message (timestamp in the publisher's ms) to the current batch.
    void push(media_kind kind, std::uint32_t timestamp, lal::payload body) {
        stream_->push(kind, timestamp, std::move(body));
    }
    /// Hands the batch to the subscribers; call after each read.
    void flush() { stream_->flush(sink_); }
    stream& target() noexcept { return *stream_; }

private:
    std::shared_ptr<stream> stream_;
    publisher_sink* sink_;
    hub& hub_;
};

/// A player's hold on a stream; dropping it unsubscribes. Lives on one worker.
class subscription {
public:
    subscription(std::shared_ptr<stream> s, std::unique_ptr<subscriber> sub, std::size_t worker, hub& h);
    ~subscription();
    subscription(const subscription&) = delete;
    subscription& operator=(const subscription&) = delete;

    subscriber& state() noexcept { return *subscriber_; }
    stream& target() noexcept { return *stream_; }

private:
    std::shared_ptr<stream> stream_;
    std::unique_ptr<subscriber> subscriber_;
    std::size_t worker_;
    hub& hub_;
};

/// Errors the hub reports.
enum class hub_errc { already_publishing = 1 };
const std::error_category& hub_category() noexcept;
std::error_code make_error_code(hub_errc e) noexcept;

/// All streams of the server, keyed by app and name. Streams are created on
/// first use and removed when they have neither publisher nor subscribers.
class hub {
public:
    /// `workers[i]` runs work on worker i; `encoder` builds the output forms.
    hub(hub_options options, const frame_encoder& encoder, std::vector<executor*> workers, clock_fn clock);
    ~hub();

    /// Attaches a publisher (on the caller's worker); `query` (its URL query string)
    /// is passed on to the observer. Fails with hub_errc::already_publishing when
    /// the stream is live, replacing is off and the current publisher does not yield.
    lal::result<std::shared_ptr<publication>> publish(const stream_key& key, publisher_sink& sink,
                                                      std::string_view query = {});
    /// Adds a player of `key` on `worker` that is sent frames in `form` and
    /// the last `gop_num` cached GOPs on joining.
    std::unique_ptr<subscription> subscribe(const stream_key& key, subscriber_sink& sink, output_form form,
                                            std::size_t gop_num, std::size_t worker);

    /// The stream if it exists.
    std::shared_ptr<stream> find(const stream_key& key) const;
    /// Keys of all streams.
    std::vector<stream_key> keys() const;
    /// Sets who is told about streams (may be null); set before serving.
    void set_observer(hub_observer* o) noexcept { observer_ = o; }

    const hub_options& options() const noexcept { return options_; }
    const frame_encoder& encoder() const noexcept { return encoder_; }
    std::size_t worker_count() const noexcept { return workers_.size(); }
    executor& worker(std::size_t i) noexcept { return *workers_[i]; }
    std::uint64_t now_ms() const { return clock_(); }

private:
    friend class publication;
    friend class subscription;
    std::shared_ptr<stream> get_or_create(const stream_key& key);
    void release_if_unused(const std::shared_ptr<stream>& s);
    void end_publication(const std::shared_ptr<stream>& s, publisher_sink* sink);
    void end_subscription(const std::shared_ptr<stream>& s, subscriber& sub, std::size_t worker);

    hub_options options_;
    const frame_encoder& encoder_;
    std::vector<executor*> workers_;
    clock_fn clock_;
    hub_observer* observer_ = nullptr;
    mutable std::mutex mutex_;
    std::unordered_map<stream_key, std::shared_ptr<stream>, stream_key_hash> streams_;
};

}  // namespace lal::server

template <>
struct std::is_error_code_enum<lal::server::hub_errc> : std::true_type {};
