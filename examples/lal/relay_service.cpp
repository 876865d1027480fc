// SPDX-License-Identifier: MIT
#include "relay_service.hpp"

#include <mutex>

#include <asio/post.hpp>

#include "log.hpp"
#include "relay_pull.hpp"
#include "relay_push.hpp"
#include "relay_url.hpp"

namespace lal::server {

struct relay_service::worker_state {
    explicit worker_state(relay_worker_context c) : push(c), pull(c, push) {}
    relay_push push;
    relay_pull pull;
};

relay_service::relay_service(server_context& ctx) : ctx_(ctx) {
    for (std::size_t w = 0; w < ctx_.loops.size(); ++w) {
        workers_.push_back(std::make_unique<worker_state>(
            relay_worker_context{ctx_, w, ctx_.loops.context(w), open_clients_}));
    }
    ctx_.streams.add_observer(*this);
    ctx_.relay = this;
}

relay_service::~relay_service() {
    ctx_.streams.remove_observer(*this);
    for (auto& w : workers_) {
        w->push.release();
        w->pull.release();
    }
}

std::size_t relay_service::worker_of(const stream_key& key) const noexcept {
    return stream_key_hash{}(key) % workers_.size();
}

void relay_service::stop(bool) {
    for (std::size_t w = 0; w < workers_.size(); ++w) {
        asio::post(ctx_.loops.context(w), [state = workers_[w].get()] {
            state->push.stop_all();
            state->pull.stop_all();
        });
    }
}

void relay_service::start_pull(stream_key key, std::string url, pull_policy policy,
                               std::function<void(std::string, std::string)> done) {
    const auto w = worker_of(key);
    asio::post(ctx_.loops.context(w), [key = std::move(key), url = std::move(url), policy, done = std::move(done),
                                       state = workers_[w].get()] {
        std::string error;
        auto id = state->pull.start(key, url, policy, error);
        done(id ? *id : std::string{}, error);
    });
}

void relay_service::stop_pull(std::string name, std::function<void(std::vector<std::string>)> done) {
    struct gather {
        std::mutex mutex;
        std::vector<std::string> ids;
        std::size_t pending;
        std::function<void(std::vector<std::string>)> done;
    };
    auto g = std::make_shared<gather>();
    g->pending = workers_.size();
    g->done = std::move(done);
    for (std::size_t w = 0; w < workers_.size(); ++w) {
        asio::post(ctx_.loops.context(w), [g, name, state = workers_[w].get()] {
            auto mine = state->pull.stop(name);
            std::function<void(std::vector<std::string>)> finish;
            {
                std::lock_guard lock(g->mutex);
                for (auto& id : mine) g->ids.push_back(std::move(id));
                if (--g->pending == 0) finish = std::move(g->done);
            }
            if (finish) finish(std::move(g->ids));
        });
    }
}

void relay_service::on_publish_start(const stream_key& key, const publisher_sink& publisher, std::string_view query) {
    if (!ctx_.cfg.relay_push.enable) return;
    // Decided here, where the publisher is known: pulled streams and streams
    // pushed to us by another server are not pushed on.
    const bool marked = has_relay_marker(query);
    const bool relayed = marked || publisher.yields_to_local();
    if (marked) LAL_LOG_INFO("[relay] {} was pushed here by a relay ({}): not pushed on", key.str(), relay_marker);
    const auto w = worker_of(key);
    asio::post(ctx_.loops.context(w), [this, key, relayed, state = workers_[w].get()] {
        if (relayed) {
            state->push.stop(key);  // in replace mode a relayed publisher may follow a pushed one
            return;
        }
        // Events of different publishers come from different workers: push only
        // what is still live when the event is handled here.
        if (auto s = ctx_.streams.find(key); s && s->live()) state->push.start(key);
    });
}

void relay_service::on_publish_stop(const stream_key& key) {
    const auto w = worker_of(key);
    asio::post(ctx_.loops.context(w), [key, state = workers_[w].get()] {
        state->push.stop(key);
        // Players that stay wait for a publisher: the origin may have the stream.
        state->pull.update(key);
    });
}

void relay_service::on_subscribers_changed(const stream_key& key, std::size_t, bool) {
    // Pulls the HTTP API started follow their players too (auto_stop_pull_after_no_out_ms).
    if (!ctx_.cfg.relay_pull.enable && !ctx_.cfg.http_api.enable && !ctx_.cfg.cluster.enable) return;
    // Counts are read again on the owning worker: events from several workers
    // may arrive there in any order.
    const auto w = worker_of(key);
    asio::post(ctx_.loops.context(w), [key, state = workers_[w].get()] { state->pull.update(key); });
}

}  // namespace lal::server
