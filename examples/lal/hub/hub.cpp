// SPDX-License-Identifier: MIT
#include "hub.hpp"

namespace lal::server {

namespace {
class hub_error_category : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.hub"; }
    std::string message(int ev) const override {
        switch (static_cast<hub_errc>(ev)) {
            case hub_errc::already_publishing: return "the stream already has a publisher";
        }
        return "unknown hub error";
    }
};
}  // namespace

const std::error_category& hub_category() noexcept {
    static const hub_error_category c;
    return c;
}

std::error_code make_error_code(hub_errc e) noexcept { return {static_cast<int>(e), hub_category()}; }

publication::publication(std::shared_ptr<stream> s, publisher_sink* sink, hub& h)
    : stream_(std::move(s)), sink_(sink), hub_(h) {}

publication::~publication() {
    stream_->flush(sink_);
    hub_.end_publication(stream_, sink_);
}

subscription::subscription(std::shared_ptr<stream> s, std::unique_ptr<subscriber> sub, std::size_t worker,
                           hub& h)
    : stream_(std::move(s)), subscriber_(std::move(sub)), worker_(worker), hub_(h) {}

subscription::~subscription() { hub_.end_subscription(stream_, *subscriber_, worker_); }

hub::hub(hub_options options, const frame_encoder& encoder, std::vector<executor*> workers, clock_fn clock)
    : options_(options), encoder_(encoder), workers_(std::move(workers)), clock_(std::move(clock)) {}

hub::~hub() = default;

std::shared_ptr<stream> hub::get_or_create(const stream_key& key) {
    auto& slot = streams_[key];
    if (!slot) slot = std::make_shared<stream>(key, *this, options_.cache_gops, options_.max_gop_frames);
    return slot;
}

void hub::release_if_unused(const std::shared_ptr<stream>& s) {
    if (s->live() || s->subscriber_count() > 0) return;
    auto it = streams_.find(s->key());
    if (it != streams_.end() && it->second == s) streams_.erase(it);
}

lal::result<std::shared_ptr<publication>> hub::publish(const stream_key& key, publisher_sink& sink,
                                                       std::string_view query) {
    std::shared_ptr<stream> s;
    {
        std::lock_guard lock(mutex_);
        s = get_or_create(key);
        if (!s->attach_publisher(&sink, options_.replace_publisher)) {
            return make_error_code(hub_errc::already_publishing);
        }
    }
    if (observer_) observer_->on_publish_start(key, sink, query);
    return std::make_shared<publication>(std::move(s), &sink, *this);
}

std::unique_ptr<subscription> hub::subscribe(const stream_key& key, subscriber_sink& sink, output_form form,
                                             std::size_t gop_num, std::size_t worker) {
    auto sub = std::make_unique<subscriber>(sink, form, gop_num, options_.queue, clock_);
    std::shared_ptr<stream> s;
    stream::join_point join;
    std::size_t count = 0;
    {
        std::lock_guard lock(mutex_);
        s = get_or_create(key);
        join = s->add_subscriber(*sub, worker);
        count = s->subscriber_count();
    }
    auto handle = std::make_unique<subscription>(s, std::move(sub), worker, *this);
    if (observer_) observer_->on_subscribers_changed(key, count, join.live);
    // Start outside the locks: the sink answers the player and may call back.
    if (join.live) {
        handle->state().on_start(join.seq, join.catch_up);
    } else {
        handle->state().skip_until(join.seq);
    }
    return handle;
}

void hub::end_publication(const std::shared_ptr<stream>& s, publisher_sink* sink) {
    bool was_active = false;
    {
        std::lock_guard lock(mutex_);
        was_active = s->detach_publisher(sink);
        release_if_unused(s);
    }
    if (was_active && observer_) observer_->on_publish_stop(s->key());
}

void hub::end_subscription(const std::shared_ptr<stream>& s, subscriber& sub, std::size_t worker) {
    std::size_t count = 0;
    bool live = false;
    {
        std::lock_guard lock(mutex_);
        s->remove_subscriber(sub, worker);
        count = s->subscriber_count();
        live = s->live();
        release_if_unused(s);
    }
    if (observer_) observer_->on_subscribers_changed(s->key(), count, live);
}

std::shared_ptr<stream> hub::find(const stream_key& key) const {
    std::lock_guard lock(mutex_);
    auto it = streams_.find(key);
    return it == streams_.end() ? nullptr : it->second;
}

std::vector<stream_key> hub::keys() const {
    std::lock_guard lock(mutex_);
    std::vector<stream_key> out;
    out.reserve(streams_.size());
    for (const auto& [k, s] : streams_) out.push_back(k);
    return out;
}

}  // namespace lal::server
