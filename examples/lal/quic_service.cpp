// SPDX-License-Identifier: MIT
#include "quic_service.hpp"

#include <sys/socket.h>


#include <asio/post.hpp>

#include <lal/net/listen_address.hpp>

#include "log.hpp"

namespace lal::server {

namespace {

quic::endpoint to_quic(const asio::ip::udp::endpoint& e) { return quic::make_endpoint(e.data(), e.size()); }

std::string text_of(const asio::ip::udp::endpoint& e) {
    const auto a = e.address();
    return (a.is_v6() ? "[" + a.to_string() + "]" : a.to_string()) + ":" + std::to_string(e.port());
}

}  // namespace

quic_service::quic_service(server_context& ctx)
    : ctx_(ctx),
      socket_(ctx.loops.context(0)),
      router_(quic::router_options{ctx.cfg.quic.max_sessions, 16}) {
    options_.limits.idle_timeout_ms = ctx.cfg.quic.idle_timeout_ms;
    ctx_.streams.add_observer(*this);
}

quic_service::~quic_service() { ctx_.streams.remove_observer(*this); }

std::string quic_service::listen() {
    const auto& c = ctx_.cfg;
    const auto& cert = c.quic.cert_file.empty() ? c.default_http.https_cert_file : c.quic.cert_file;
    const auto& key = c.quic.key_file.empty() ? c.default_http.https_key_file : c.quic.key_file;
    auto creds = quic::credentials::load_files(cert, key);
    if (!creds) return fmt::format("cannot load the QUIC certificate {} or key {}", cert, key);
    creds_ = std::move(*creds);
    auto ep = net::resolve_listen_address(c.quic.addr);
    if (!ep) return fmt::format("cannot listen for QUIC on {}: {}", c.quic.addr, ep.error().message());
    const asio::ip::udp::endpoint local(ep->address(), ep->port());
    std::error_code ec;
    socket_.open(local.protocol(), ec);
    if (!ec) socket_.bind(local, ec);
    if (!ec) socket_.non_blocking(true, ec);
    if (ec) return fmt::format("cannot listen for QUIC on {} (UDP): {}", c.quic.addr, ec.message());
    const auto bound = socket_.local_endpoint(ec);
    local_ = to_quic(bound);
    LAL_LOG_INFO("HTTP/3 and WebTransport (QUIC) listening on UDP {}", text_of(bound));
    return {};
}

void quic_service::start() {
    asio::post(ctx_.loops.context(0), [this] { receive(); });
}

void quic_service::stop(bool abort) {
    std::vector<std::shared_ptr<quic_session>> all;
    quic::router_stats rs;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        for (auto& [h, s] : sessions_) all.push_back(s);
        rs = router_.stats();
    }
    LAL_LOG_INFO("[quic] {} datagrams in, {} dropped ({} garbage, {} unknown connection ID, {} over max_sessions), "
                 "{} version negotiations, {} connections accepted, {} send failures",
                 counters_.datagrams_in.load(), counters_.datagrams_dropped.load(), rs.dropped_garbage,
                 rs.dropped_unknown_id, rs.dropped_full, rs.version_negotiations, rs.accepted,
                 counters_.send_failures.load());
    for (auto& s : all) asio::post(ctx_.loops.context(s->worker()), [s, abort] { s->shutdown(abort); });
    // The socket stays open until destruction so that late sends need no lock.
    asio::post(ctx_.loops.context(0), [this] {
        std::error_code ec;
        socket_.cancel(ec);
    });
}

void quic_service::receive() {
    socket_.async_receive_from(asio::buffer(buffer_), from_, [this](std::error_code ec, std::size_t n) {
        if (ec == asio::error::operation_aborted) return;
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
        }
        if (!ec) on_datagram(byte_span(buffer_.data(), n), to_quic(from_));
        receive();
    });
}

// On worker 0: route by Destination Connection ID (RFC 9000 5.2).
void quic_service::on_datagram(byte_span bytes, const quic::endpoint& from) {
    counters_.datagrams_in.fetch_add(1, std::memory_order_relaxed);
    std::shared_ptr<quic_session> target;
    quic::route_result res;
    {
        std::lock_guard lock(mutex_);
        res = router_.route(bytes);
        if (auto* e = std::get_if<quic::route::existing>(&res)) {
            if (auto it = sessions_.find(e->handle); it != sessions_.end()) target = it->second;
        }
    }
    if (target) {
        if (target->worker() == 0) {
            target->on_datagram(bytes, from);
        } else {
            asio::post(ctx_.loops.context(target->worker()),
                       [target, data = std::vector<std::byte>(bytes.begin(), bytes.end()), from] {
                           target->on_datagram(data, from);
                       });
        }
        return;
    }
    if (auto* v = std::get_if<quic::route::version_negotiation>(&res)) {
        send(v->packet, from);
        return;
    }
    if (!std::holds_alternative<quic::route::new_connection>(res)) {
        const auto dropped = counters_.datagrams_dropped.fetch_add(1, std::memory_order_relaxed) + 1;
        if (dropped % 1000 == 1)
            LAL_LOG_WARN("[quic] datagram from {} for no connection dropped ({} so far)", text_of(from_), dropped);
        return;
    }
    if (!admit_connection(ctx_)) {
        counters_.datagrams_dropped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    // Accepted here, on the socket's thread, so the IDs are routed before the
    // client's next datagram; the connection then moves to its worker.
    auto conn = quic::connection::accept(creds_, options_, bytes, local_, from, quic_now());
    if (!conn) {
        release_connection(ctx_);
        counters_.datagrams_dropped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    const auto worker = next_worker_++ % ctx_.loops.size();
    std::shared_ptr<quic_session> s;
    {
        std::lock_guard lock(mutex_);
        const auto handle = next_handle_++;
        for (auto& id : (*conn)->take_new_ids()) router_.add(id, handle);
        s = std::make_shared<quic_session>(static_cast<quic_host&>(*this), ctx_, worker, handle, std::move(*conn), text_of(from_));
        sessions_.emplace(handle, s);
    }
    LAL_LOG_DEBUG("[quic] new connection from {} on worker {}", text_of(from_), worker);
    asio::post(ctx_.loops.context(worker), [s] { s->start(); });
}

void quic_service::on_publish_start(const stream_key& key, const lal::hub::publisher_sink&, std::string_view) {
    stream_live(key, true);
}

void quic_service::on_publish_stop(const stream_key& key) { stream_live(key, false); }

void quic_service::stream_live(const stream_key& key, bool live) {
    std::vector<std::shared_ptr<quic_session>> all;
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        for (auto& [h, s] : sessions_) all.push_back(s);
    }
    // Each session on its own worker, in the order the hub told us.
    for (auto& s : all) asio::post(ctx_.loops.context(s->worker()), [s, key, live] { s->on_stream_live(key, live); });
}

void quic_service::send(byte_span payload, const quic::endpoint& to) {
    // sendto on the descriptor: one system call, safe from any worker thread.
    const auto n = ::sendto(socket_.native_handle(), payload.data(), payload.size(), MSG_DONTWAIT,
                            reinterpret_cast<const sockaddr*>(&to.storage), to.size);
    if (n < 0) counters_.send_failures.fetch_add(1, std::memory_order_relaxed);
}

void quic_service::ids_changed(std::uint64_t handle, const std::vector<quic::connection_id>& added,
                               const std::vector<quic::connection_id>& retired) {
    std::lock_guard lock(mutex_);
    for (auto& id : added) router_.add(id, handle);
    for (auto& id : retired) router_.remove(id);
}

void quic_service::finished(std::uint64_t handle) {
    std::shared_ptr<quic_session> keep;  // released outside the lock
    {
        std::lock_guard lock(mutex_);
        router_.remove_all(handle);
        if (auto it = sessions_.find(handle); it != sessions_.end()) {
            keep = std::move(it->second);
            sessions_.erase(it);
        }
    }
    if (keep) release_connection(ctx_);
}

}  // namespace lal::server
