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

#include <functional>

#include <lal/base/result.hpp>
#include <lal/hub/admission.hpp>
#include <lal/hub/executor.hpp>
#include <lal/hub/frame.hpp>
#include <lal/hub/observer.hpp>
#include <lal/hub/output_form.hpp>
#include <lal/hub/stream.hpp>
#include <lal/hub/stream_key.hpp>
#include <lal/hub/subscriber.hpp>

namespace lal::hub {

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

class registry;

/// A publisher's hold on a stream; dropping it ends the publication.
class publication {
public:
    publication(std::shared_ptr<stream> s, publisher_sink* sink, registry& h);
    ~publication();
    publication(const publication&) = delete;
    publication& operator=(const publication&) = delete;

    /// Adds one item (times on the publisher's clock), converted once by the
    /// input's converter (e.g. lal::flv::media_input), to the current batch.
    void push(media::media_item item) { stream_->push(std::move(item)); }
    /// Hands the batch to the subscribers; call after each read.
    void flush() { stream_->flush(sink_); }
    stream& target() noexcept { return *stream_; }

private:
    std::shared_ptr<stream> stream_;
    publisher_sink* sink_;
    registry& hub_;
};

/// A player's hold on a stream; dropping it unsubscribes. Lives on one worker.
class subscription {
public:
    subscription(std::shared_ptr<stream> s, std::unique_ptr<subscriber> sub, std::size_t worker, registry& h);
    ~subscription();
    subscription(const subscription&) = delete;
    subscription& operator=(const subscription&) = delete;

    subscriber& state() noexcept { return *subscriber_; }
    stream& target() noexcept { return *stream_; }

private:
    std::shared_ptr<stream> stream_;
    std::unique_ptr<subscriber> subscriber_;
    std::size_t worker_;
    registry& hub_;
};

/// Errors the hub reports.
enum class errc { already_publishing = 1 };
/// The category of errc ("lal.hub").
const std::error_category& category() noexcept;
/// An error_code of the hub's category.
std::error_code make_error_code(errc e) noexcept;

/// All streams of a server, keyed by app and name: the stream registry, its
/// observers and admission checks. Streams are created on first use and
/// removed when they have neither publisher nor subscribers. Publish and
/// subscribe may be called from any worker; nothing is locked per message.
class registry {
public:
    /// `workers[i]` runs work on worker i; `forms` are the output forms frames
    /// are encoded in (registered before, must outlive the registry); `clock`
    /// gives monotonic ms for the subscribers' slow-close rule.
    registry(hub_options options, const output_forms& forms, std::vector<executor*> workers, clock_fn clock);
    ~registry();

    /// Decides whether a publish or play may go ahead, through the registered
    /// admission checks (admission_runner::run): without checks `done` runs at
    /// once; otherwise it is posted to `worker` when decided. The caller enforces
    /// a timeout with admission_ticket::expire from its own timer.
    std::shared_ptr<admission_ticket> admit(admission_request request, std::size_t worker,
                                            std::function<void(admission_result)> done) const {
        return admission_.run(std::move(request), *workers_[worker], std::move(done));
    }

    /// Attaches a publisher (on the caller's worker); `query` (its URL query string)
    /// is passed on to the observers. Fails with errc::already_publishing when
    /// the stream is live, replacing is off and the current publisher does not yield.
    lal::result<std::shared_ptr<publication>> publish(const stream_key& key, publisher_sink& sink,
                                                      std::string_view query = {});
    /// Adds a player of `key` on `worker` that is sent frames in registered form
    /// `form` and the last `gop_num` cached GOPs on joining.
    std::unique_ptr<subscription> subscribe(const stream_key& key, subscriber_sink& sink, form_index form,
                                            std::size_t gop_num, std::size_t worker);

    /// The stream if it exists.
    std::shared_ptr<stream> find(const stream_key& key) const;
    /// Keys of all streams.
    std::vector<stream_key> keys() const;

    /// Adds an observer (not owned). Observers are added before serving and
    /// removed after the workers stopped: the list itself is not locked.
    void add_observer(observer& o) { observers_.push_back(&o); }
    /// Removes an observer added before.
    void remove_observer(observer& o) { std::erase(observers_, &o); }
    /// Adds an admission check (not owned), run after those added before.
    /// Register before serving.
    void add_admission_check(admission_check& c) { admission_.add(c); }

    const hub_options& options() const noexcept { return options_; }
    const output_forms& forms() const noexcept { return forms_; }
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
    const output_forms& forms_;
    std::vector<executor*> workers_;
    clock_fn clock_;
    std::vector<observer*> observers_;
    admission_runner admission_;
    mutable std::mutex mutex_;
    std::unordered_map<stream_key, std::shared_ptr<stream>, stream_key_hash> streams_;
};

}  // namespace lal::hub

template <>
struct std::is_error_code_enum<lal::hub::errc> : std::true_type {};
