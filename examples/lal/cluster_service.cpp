// SPDX-License-Identifier: MIT
#include "cluster_service.hpp"

#include <asio/post.hpp>

#include "log.hpp"
#include "redis_client.hpp"

namespace lal::server {

namespace {

cluster::stream_owner self_of(const config& c) {
    cluster::stream_owner o;
    o.server_id = c.cluster.server_id.empty() ? c.server_id : c.cluster.server_id;
    o.host = c.cluster.advertise_addr;
    if (auto a = parse_listen_address(c.rtmp.addr)) o.rtmp_port = a->port;
    if (c.httpflv.enable) {
        if (auto a = parse_listen_address(c.httpflv.addr)) o.http_port = a->port;
    }
    return o;
}

std::string key_name(const stream_key& key) { return cluster::stream_key_name(key.app, key.name); }

// "host:port", with brackets around an IPv6 host (RFC 3986 3.2.2).
std::string authority(const cluster::stream_owner& o) {
    const bool v6 = o.host.find(':') != std::string::npos;
    return (v6 ? "[" + o.host + "]" : o.host) + ":" + std::to_string(o.rtmp_port);
}

}  // namespace

cluster_service::cluster_service(server_context& ctx)
    : ctx_(ctx), self_(self_of(ctx.cfg)), record_(cluster::encode(self_)), timer_(ctx.loops.context(0)) {
    const auto address = cluster::parse_registry_url(ctx.cfg.cluster.registry).value_or(cluster::registry_address{});
    redis_ = std::make_unique<redis_client>(address.host, address.port,
                                            std::chrono::milliseconds(ctx.cfg.cluster.timeout_ms));
    ctx_.streams.add_observer(*this);
    ctx_.streams.add_admission_check(*this);
    ctx_.cluster = this;
    LAL_LOG_INFO("[cluster] server {} at {} (RTMP {}, HTTP {}), registry {}, ttl {} ms, on_conflict {}, lookup {}",
                 self_.server_id, self_.host, self_.rtmp_port, self_.http_port, ctx.cfg.cluster.registry,
                 ctx.cfg.cluster.ttl_ms, ctx.cfg.cluster.on_conflict, ctx.cfg.cluster.lookup ? "on" : "off");
}

cluster_service::~cluster_service() {
    ctx_.streams.remove_observer(*this);
    // Runs what is still queued (the releases of stop()) and joins its thread
    // before the maps its callbacks touch go away.
    redis_.reset();
}

void cluster_service::start() {
    asio::post(ctx_.loops.context(0), [this] {
        report_load();
        arm_timer();
    });
}

void cluster_service::arm_timer() {
    timer_.expires_after(std::chrono::milliseconds(ctx_.cfg.cluster.ttl_ms / 3));
    timer_.async_wait([this](std::error_code ec) {
        if (ec) return;
        refresh();
        {
            std::lock_guard lock(mutex_);
            if (stopped_) return;
        }
        arm_timer();
    });
}

void cluster_service::stop(bool) {
    std::vector<std::string> keys;
    {
        std::lock_guard lock(mutex_);
        stopped_ = true;
        for (auto& [name, o] : owned_) {
            if (!o.lost) keys.push_back(name);
        }
        owned_.clear();
    }
    asio::post(ctx_.loops.context(0), [this] { timer_.cancel(); });
    for (auto& k : keys) redis_->run(cluster::release_command(k, record_), {});
    redis_->run({"DEL", cluster::server_key_name(self_.server_id)}, {});
}

void cluster_service::refresh() {
    std::vector<std::string> keys;
    {
        std::lock_guard lock(mutex_);
        if (stopped_) return;
        for (auto& [name, o] : owned_) {
            if (!o.lost) keys.push_back(name);
        }
    }
    for (auto& k : keys) {
        redis_->run(cluster::claim_command(k, record_, ctx_.cfg.cluster.ttl_ms, false), [this, k](redis_reply r) {
            if (!r.ok || r.is_integer) return;  // refreshed, or the registry is down (logged by the client)
            stream_key key;
            {
                std::lock_guard lock(mutex_);
                auto it = owned_.find(k);
                if (it == owned_.end() || it->second.lost || stopped_) return;
                it->second.lost = true;
                key = it->second.key;
            }
            const auto owner = cluster::parse_owner(r.text);
            const auto by = owner ? owner->server_id : r.text.substr(0, cluster::max_record_size);
            LAL_LOG_WARN("[cluster] {} was taken over by cluster server {}: no longer registered here", k, by);
            kick_publisher(key, "taken over by cluster server " + by);
        });
    }
    report_load();
}

void cluster_service::kick_publisher(const stream_key& key, std::string reason) {
    // The stream ends here, so pulls from this server end too and edges look
    // the stream up again: they follow it to its new owner.
    ctx_.sessions.gather([this, key, reason = std::move(reason)](std::vector<lal::hub::session_info> sessions) {
        for (const auto& s : sessions) {
            if (s.base_type != "PUB" || s.key != key) continue;
            LAL_LOG_INFO("[cluster] kicking {}, the publisher of {}: {}", s.id, key.str(), reason);
            ctx_.sessions.kick(s.id, reason, [](bool) {});
        }
    });
}

void cluster_service::report_load() {
    ctx_.sessions.gather([this](std::vector<lal::hub::session_info> sessions) {
        cluster::server_load load;
        load.server = self_;
        load.edge = ctx_.cfg.cluster.lookup;
        for (const auto& s : sessions) {
            if (s.base_type == "SUB") ++load.players;
            load.out_kbits += s.wrote_kbits;
        }
        {
            std::lock_guard lock(mutex_);
            if (stopped_) return;
            load.streams = owned_.size();
        }
        redis_->run(cluster::load_command(load, ctx_.cfg.cluster.ttl_ms), {});
    });
}

void cluster_service::on_publish_start(const stream_key& key, const publisher_sink& publisher, std::string_view) {
    // A pulled stream belongs to the server it comes from.
    if (publisher.yields_to_local()) return;
    const auto name = key_name(key);
    {
        std::lock_guard lock(mutex_);
        if (stopped_) return;
        owned_[name] = owned{key, false};
    }
    // Admission refused a conflict already (on_conflict "refuse"); what gets
    // here owns the stream, a takeover included.
    redis_->run(cluster::claim_command(name, record_, ctx_.cfg.cluster.ttl_ms, true), [name](redis_reply r) {
        if (r.ok) {
            LAL_LOG_INFO("[cluster] registered {}", name);
        } else {
            LAL_LOG_WARN("[cluster] cannot register {}: {} (retried every ttl_ms / 3)", name, r.error);
        }
    });
}

void cluster_service::on_publish_stop(const stream_key& key) {
    const auto name = key_name(key);
    {
        std::lock_guard lock(mutex_);
        auto it = owned_.find(name);
        if (it == owned_.end()) return;
        const bool lost = it->second.lost;
        owned_.erase(it);
        if (lost) return;
    }
    redis_->run(cluster::release_command(name, record_), [name](redis_reply r) {
        if (r.ok) LAL_LOG_INFO("[cluster] released {}", name);
    });
}

void cluster_service::check(const admission_request& request, lal::hub::admission_reply reply) {
    const auto& c = ctx_.cfg.cluster;
    const auto name = key_name(request.key);
    if (request.action == admission_action::play) {
        const auto hops = cluster::hops_in_query(request.query);
        if (hops > c.max_hops) {
            reply(admission_result::refuse("cluster.max_hops (" + std::to_string(c.max_hops) + ") exceeded: " +
                                           std::to_string(hops) + " hops"));
            return;
        }
        {
            std::lock_guard lock(mutex_);
            // Bounded: an entry is only a hint for the next lookup of its stream.
            if (play_hops_.size() > 100000) play_hops_.clear();
            if (hops == 0) {
                play_hops_.erase(name);
            } else {
                play_hops_[name] = hops;
            }
        }
        reply(admission_result::admit());
        return;
    }
    if (c.on_conflict != "refuse") {
        reply(admission_result::admit());
        return;
    }
    redis_->run(cluster::lookup_command(name), [this, name, reply = std::move(reply)](redis_reply r) {
        if (!r.ok) {
            // The registry is down: keep serving; the refresh registers it later.
            LAL_LOG_WARN("[cluster] cannot check who owns {}: {}; publish allowed", name, r.error);
            reply(admission_result::admit());
            return;
        }
        if (r.nil) {
            reply(admission_result::admit());
            return;
        }
        auto owner = cluster::parse_owner(r.text);
        if (!owner || owner->server_id == self_.server_id) {
            reply(admission_result::admit());
            return;
        }
        reply(admission_result::refuse("stream live on cluster server " + owner->server_id +
                                       " (cluster.on_conflict refuse)"));
    });
}

void cluster_service::lookup(const stream_key& key, std::size_t worker,
                             std::function<void(std::string, std::string)> done) {
    const auto name = key_name(key);
    std::uint32_t hops = 0;
    {
        std::lock_guard lock(mutex_);
        if (auto it = play_hops_.find(name); it != play_hops_.end()) hops = it->second;
    }
    auto& io = ctx_.loops.context(worker);
    if (hops + 1 > ctx_.cfg.cluster.max_hops) {
        asio::post(io, [done = std::move(done), hops] {
            done({}, "already " + std::to_string(hops) + " hops from the origin (cluster.max_hops)");
        });
        return;
    }
    redis_->run(cluster::lookup_command(name), [this, key, hops, &io, done = std::move(done)](redis_reply r) {
        std::string url, error;
        if (!r.ok) {
            error = "registry: " + r.error;
        } else if (r.nil) {
            error = "not registered by any server";
        } else if (auto owner = cluster::parse_owner(r.text); !owner) {
            error = "unreadable registry entry \"" + r.text.substr(0, cluster::max_record_size) +
                    "\": " + owner.error().message();
        } else if (owner->server_id == self_.server_id) {
            error = "registered to this server";
        } else {
            const auto& parent = ctx_.cfg.cluster.parent;
            url = cluster::pull_url(parent.empty() ? authority(*owner) : parent, key.app, key.name, hops + 1);
        }
        asio::post(io, [done, url = std::move(url), error = std::move(error)] { done(url, error); });
    });
}

}  // namespace lal::server
