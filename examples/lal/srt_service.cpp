// SPDX-License-Identifier: MIT
#include "srt_service.hpp"

#include <array>

#include <asio/post.hpp>
#include <lal/srt/stream_id.hpp>

#include "log.hpp"
#include "srt_session.hpp"

namespace lal::server {

namespace {
// A stream id as it may appear in a log line: control bytes shown as '?'.
std::string printable(std::string_view text) {
    std::string out(text.substr(0, 600));
    for (auto& c : out) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    }
    return out;
}

// Largest live-mode message (SRT_LIVE_MAX_PLSIZE) with room to spare.
constexpr int max_message = 1500;
// What the epoll thread reads from one publisher before handing it over.
constexpr std::size_t max_read_batch = 256 * 1024;
}  // namespace

srt_service::srt_service(server_context& ctx) : ctx_(ctx), auth_(ctx.cfg.simple_auth) {}

srt_service::~srt_service() {
    running_ = false;
    if (poller_.joinable()) poller_.join();
    if (listener_ != SRT_INVALID_SOCK) srt_close(listener_);
    if (epoll_ >= 0) srt_epoll_release(epoll_);
    std::lock_guard lock(mutex_);
    sessions_.clear();
}

std::string srt_service::listen() {
    auto l = open_srt_listener(ctx_.cfg.srt);
    if (!l.error.empty()) return l.error;
    listener_ = l.socket;
    // Called by libsrt during each handshake, before a socket is accepted.
    if (srt_listen_callback(listener_, &srt_service::on_listen, this) == SRT_ERROR) {
        return "cannot set the SRT listen callback: " + srt_error_text();
    }
    epoll_ = srt_epoll_create();
    if (epoll_ < 0) return "cannot create an SRT epoll: " + srt_error_text();
    srt_epoll_set(epoll_, SRT_EPOLL_ENABLE_EMPTY);
    const int events = SRT_EPOLL_IN | SRT_EPOLL_ERR;
    if (srt_epoll_add_usock(epoll_, listener_, &events) == SRT_ERROR) {
        return "cannot watch the SRT listener: " + srt_error_text();
    }
    LAL_LOG_INFO("SRT listening on {} (latency {} ms{})", l.bound, ctx_.cfg.srt.latency_ms,
                 ctx_.cfg.srt.passphrase.empty() ? "" : ", encrypted");
    return {};
}

void srt_service::start() {
    if (listener_ == SRT_INVALID_SOCK) return;
    running_ = true;
    poller_ = std::thread([this] { poll_loop(); });
}

void srt_service::stop(bool) {
    // libsrt closes at once either way: nothing waits for a graceful end.
    running_ = false;
    if (poller_.joinable()) poller_.join();
    if (listener_ != SRT_INVALID_SOCK) {
        srt_close(listener_);
        listener_ = SRT_INVALID_SOCK;
    }
    std::vector<std::shared_ptr<srt_session>> all;
    {
        std::lock_guard lock(mutex_);
        for (auto& [socket, s] : sessions_) all.push_back(s);
    }
    for (auto& s : all) {
        asio::post(ctx_.loops.context(s->worker()), [s] { s->close_now("server stopping"); });
    }
}

int srt_service::on_listen(void* self, SRTSOCKET socket, int, const sockaddr* peer, const char* stream_id) {
    return static_cast<srt_service*>(self)->decide(socket, peer, stream_id);
}

int srt_service::decide(SRTSOCKET socket, const sockaddr* peer, const char* stream_id) {
    // On libsrt's receiving thread: only thread-safe reads here.
    const std::string_view text = stream_id ? stream_id : "";
    const auto remote = srt_address_text(peer);
    auto refuse = [&](int code, std::string_view why) {
        LAL_LOG_WARN("[srt] refusing {} (stream id \"{}\"): {} ({})", remote, printable(text), why, code);
        srt_setrejectreason(socket, code);
        return -1;
    };
    auto id = lal::srt::parse_stream_id(text);
    if (!id) return refuse(lal::srt::reject_code(id.error()), id.error().message());
    const auto limit = ctx_.cfg.limits.max_connections;
    if (limit != 0 && ctx_.connections.load() >= limit) {
        return refuse(lal::srt::reject::overload, "limits.max_connections reached");
    }
    const bool publish = id->mode == lal::srt::mode::publish;
    const stream_key key{id->app, id->stream};
    admission_request ask{publish ? admission_action::publish : admission_action::play, key, id->query, "srt", remote};
    if (auto why = auth_.verdict(ask); !why.empty()) return refuse(lal::srt::reject::unauthorized, why);
    if (publish && !ctx_.cfg.stream.replace_publisher) {
        if (auto s = ctx_.streams.find(key); s && s->live()) {
            return refuse(lal::srt::reject::conflict, "stream " + key.str() + " is already publishing");
        }
    }
    return 0;
}

void srt_service::poll_loop() {
    std::array<SRT_EPOLL_EVENT, 64> events{};
    while (running_) {
        const int n = srt_epoll_uwait(epoll_, events.data(), static_cast<int>(events.size()), 100);
        for (int i = 0; i < n; ++i) {
            const auto& e = events[static_cast<std::size_t>(i)];
            if (e.fd == listener_) {
                accept_all();
            } else if (e.events & SRT_EPOLL_IN) {
                read_from(e.fd);  // reads what is left, then notices the break
            } else if (e.events & SRT_EPOLL_ERR) {
                broken(e.fd, "connection lost");
            }
        }
    }
}

void srt_service::accept_all() {
    while (true) {
        sockaddr_storage peer{};
        int length = sizeof peer;
        const SRTSOCKET s = srt_accept(listener_, reinterpret_cast<sockaddr*>(&peer), &length);
        if (s == SRT_INVALID_SOCK) return;  // SRT_EASYNCRCV: no more waiting
        const auto remote = srt_address_text(reinterpret_cast<const sockaddr*>(&peer));
        std::array<char, 513> text{};
        int text_length = static_cast<int>(text.size());
        if (srt_getsockflag(s, SRTO_STREAMID, text.data(), &text_length) == SRT_ERROR) text_length = 0;
        auto id = lal::srt::parse_stream_id(std::string_view(text.data(), static_cast<std::size_t>(text_length)));
        if (!id) {  // the listen callback refused these already
            srt_close(s);
            continue;
        }
        if (!admit_connection(ctx_)) {
            LAL_LOG_WARN("[srt] refusing {}: {} connections open (limits.max_connections)", remote,
                         ctx_.cfg.limits.max_connections);
            srt_close(s);
            continue;
        }
        const auto worker = next_worker_++ % ctx_.loops.size();
        const bool publish = id->mode == lal::srt::mode::publish;
        auto session = std::make_shared<srt_session>(*this, s, worker, std::move(*id), remote);
        {
            std::lock_guard lock(mutex_);
            sessions_[s] = session;
        }
        // A player sends nothing: only its end is watched.
        int events = SRT_EPOLL_ERR;
        if (publish) events |= SRT_EPOLL_IN;
        srt_epoll_add_usock(epoll_, s, &events);
        LAL_LOG_DEBUG("[srt] accepted {} for {}", remote, publish ? "publish" : "play");
        asio::post(ctx_.loops.context(worker), [session] { session->begin(); });
    }
}

void srt_service::read_from(SRTSOCKET socket) {
    auto session = find(socket);
    if (!session) {
        srt_epoll_remove_usock(epoll_, socket);
        return;
    }
    std::vector<std::byte> batch;
    std::array<char, max_message> buffer{};
    bool lost = false;
    while (batch.size() < max_read_batch) {
        const int n = srt_recvmsg(socket, buffer.data(), max_message);
        if (n == SRT_ERROR) {
            lost = srt_getlasterror(nullptr) != SRT_EASYNCRCV;
            break;
        }
        if (n <= 0) break;
        const auto* p = reinterpret_cast<const std::byte*>(buffer.data());
        batch.insert(batch.end(), p, p + n);
    }
    if (!batch.empty()) {
        srt_link_stats link;
        link.read(socket);
        asio::post(ctx_.loops.context(session->worker()), [session, batch = std::move(batch), link]() mutable {
            session->on_data(std::move(batch), link);
        });
    }
    if (lost) broken(socket, "connection lost: " + srt_error_text());
}

void srt_service::broken(SRTSOCKET socket, std::string reason) {
    srt_epoll_remove_usock(epoll_, socket);
    if (auto session = find(socket)) {
        asio::post(ctx_.loops.context(session->worker()),
                   [session, reason = std::move(reason)] { session->close_now(reason); });
    }
}

std::shared_ptr<srt_session> srt_service::find(SRTSOCKET socket) {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(socket);
    return it == sessions_.end() ? nullptr : it->second;
}

void srt_service::forget(SRTSOCKET socket) {
    std::lock_guard lock(mutex_);
    sessions_.erase(socket);
}

}  // namespace lal::server
