// SPDX-License-Identifier: MIT
#include <lal/hub/registry.hpp>

namespace lal::hub {

namespace {
class error_category_impl : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.hub"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
            case errc::already_publishing: return "the stream already has a publisher";
        }
        return "unknown hub error";
    }
};
}  // namespace

const std::error_category& category() noexcept {
    static const error_category_impl c;
    return c;
}

std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

publication::publication(std::shared_ptr<stream> s, publisher_sink* sink, registry& h)
    : stream_(std::move(s)), sink_(sink), hub_(h) {}

publication::~publication() {
    stream_->flush(sink_);
    hub_.end_publication(stream_, sink_);
}

subscription::subscription(std::shared_ptr<stream> s, std::unique_ptr<subscriber> sub, std::size_t worker,
                           registry& h)
    : stream_(std::move(s)), subscriber_(std::move(sub)), worker_(worker), hub_(h) {}

subscription::~subscription() { hub_.end_subscription(stream_, *subscriber_, worker_); }

registry::registry(hub_options options, const output_forms& forms, std::vector<executor*> workers, clock_fn clock)
    : options_(options), forms_(forms), workers_(std::move(workers)), clock_(std::move(clock)) {}

registry::~registry() = default;

std::shared_ptr<stream> registry::get_or_create(const stream_key& key) {
    auto& slot = streams_[key];
    if (!slot) slot = std::make_shared<stream>(key, *this, options_.cache_gops, options_.max_gop_frames);
    return slot;
}

void registry::release_if_unused(const std::shared_ptr<stream>& s) {
    if (s->live() || s->subscriber_count() > 0) return;
    auto it = streams_.find(s->key());
    if (it != streams_.end() && it->second == s) streams_.erase(it);
}

lal::result<std::shared_ptr<publication>> registry::publish(const stream_key& key, publisher_sink& sink,
                                                       std::string_view query) {
    std::shared_ptr<stream> s;
    {
        std::lock_guard lock(mutex_);
        s = get_or_create(key);
        if (!s->attach_publisher(&sink, options_.replace_publisher)) {
            return make_error_code(errc::already_publishing);
        }
    }
    for (auto* o : observers_) o->on_publish_start(key, sink, query);
    return std::make_shared<publication>(std::move(s), &sink, *this);
}

std::unique_ptr<subscription> registry::subscribe(const stream_key& key, subscriber_sink& sink, form_index form,
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
    for (auto* o : observers_) o->on_subscribers_changed(key, count, join.live);
    // Start outside the locks: the sink answers the player and may call back.
    if (join.live) {
        handle->state().on_start(join.seq, join.catch_up);
    } else {
        handle->state().skip_until(join.seq);
    }
    return handle;
}

void registry::end_publication(const std::shared_ptr<stream>& s, publisher_sink* sink) {
    bool was_active = false;
    {
        std::lock_guard lock(mutex_);
        was_active = s->detach_publisher(sink);
        release_if_unused(s);
    }
    if (was_active) {
        for (auto* o : observers_) o->on_publish_stop(s->key());
    }
}

void registry::end_subscription(const std::shared_ptr<stream>& s, subscriber& sub, std::size_t worker) {
    std::size_t count = 0;
    bool live = false;
    {
        std::lock_guard lock(mutex_);
        s->remove_subscriber(sub, worker);
        count = s->subscriber_count();
        live = s->live();
        release_if_unused(s);
    }
    for (auto* o : observers_) o->on_subscribers_changed(s->key(), count, live);
}

std::shared_ptr<stream> registry::find(const stream_key& key) const {
    std::lock_guard lock(mutex_);
    auto it = streams_.find(key);
    return it == streams_.end() ? nullptr : it->second;
}

std::vector<stream_key> registry::keys() const {
    std::lock_guard lock(mutex_);
    std::vector<stream_key> out;
    out.reserve(streams_.size());
    for (const auto& [k, s] : streams_) out.push_back(k);
    return out;
}

}  // namespace lal::hub
