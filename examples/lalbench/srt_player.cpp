// SPDX-License-Identifier: MIT
#include "srt_player.hpp"

#include <array>
#include <charconv>
#include <chrono>
#include <mutex>
#include <unordered_map>
#include <vector>

#include <syslog.h>

#include <asio/steady_timer.hpp>

#include "error.hpp"

namespace lalbench {
namespace {

// SRT live mode carries at most 1456 payload bytes a message; servers send 1316 (7 TS packets).
constexpr int max_message = 1500;
// Bytes taken from one socket per readiness report before the others get their turn.
constexpr std::size_t max_drain = 64 * 1024;
// How often a worker's SRT epoll is drained while players are there.
constexpr std::chrono::milliseconds poll_interval{1};

void start_library() {
    static std::once_flag once;
    std::call_once(once, [] {
        srt_startup();
        srt_setloglevel(LOG_ERR);  // a refused player is tallied; libsrt's warnings would cut into the progress lines
    });
}

std::string last_error() { return srt_getlasterror_str(); }

// One SRT epoll per worker for its players' sockets. libsrt's epoll has no
// file descriptor to nest in the worker's own, so it is drained by a timer on
// the worker's thread, armed only while sockets are registered (the worker's
// loop must be able to end).
class srt_poller {
public:
    explicit srt_poller(worker& w) : timer_(w.io()), eid_(srt_epoll_create()) {
        srt_epoll_set(eid_, SRT_EPOLL_ENABLE_EMPTY);
    }
    ~srt_poller() { srt_epoll_release(eid_); }
    srt_poller(const srt_poller&) = delete;
    srt_poller& operator=(const srt_poller&) = delete;

    static srt_poller& of(worker& w) {
        auto& state = w.shared_state();
        if (!state) state = std::make_shared<srt_poller>(w);
        return *static_cast<srt_poller*>(state.get());
    }

    bool add(SRTSOCKET s, srt_player* p) {
        const int events = SRT_EPOLL_IN | SRT_EPOLL_OUT | SRT_EPOLL_ERR;
        if (srt_epoll_add_usock(eid_, s, &events) == SRT_ERROR) return false;
        players_[s] = p;
        arm();
        return true;
    }
    // Once connected a socket stays writable: only reads and errors matter then.
    void connected(SRTSOCKET s) {
        const int events = SRT_EPOLL_IN | SRT_EPOLL_ERR;
        srt_epoll_update_usock(eid_, s, &events);
    }
    void remove(SRTSOCKET s) {
        srt_epoll_remove_usock(eid_, s);
        players_.erase(s);
    }

private:
    void arm() {
        if (armed_ || players_.empty()) return;
        armed_ = true;
        timer_.expires_after(poll_interval);
        timer_.async_wait([this](std::error_code ec) {
            armed_ = false;
            if (ec) return;
            poll();
            arm();
        });
    }
    void poll() {
        std::array<SRT_EPOLL_EVENT, 256> events{};
        const int n = srt_epoll_uwait(eid_, events.data(), static_cast<int>(events.size()), 0);
        for (int i = 0; i < n; ++i) {
            const auto& e = events[static_cast<std::size_t>(i)];
            // A player closed by an earlier event of this batch is gone from the map.
            auto it = players_.find(e.fd);
            if (it == players_.end()) continue;
            if (e.events & SRT_EPOLL_ERR) {
                it->second->on_error();
                continue;
            }
            if (e.events & SRT_EPOLL_OUT) it->second->on_writable();
            it = players_.find(e.fd);
            if (it != players_.end() && (e.events & SRT_EPOLL_IN)) it->second->on_readable();
        }
    }

    asio::steady_timer timer_;
    int eid_;
    bool armed_ = false;
    std::unordered_map<SRTSOCKET, srt_player*> players_;
};

}  // namespace

std::optional<srt_target> parse_srt_target(std::string_view text) {
    constexpr std::string_view scheme = "srt://";
    if (!text.starts_with(scheme)) return std::nullopt;
    auto rest = text.substr(scheme.size());
    const auto end = rest.find_first_of("/?");
    auto authority = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
    auto hp = split_authority(authority, 0);  // SRT has no default port
    if (!hp) return std::nullopt;
    srt_target t{std::move(hp->host), hp->port, {}};
    if (rest.starts_with("?streamid=")) {
        t.stream_id = std::string(rest.substr(10));
    } else if (rest.starts_with("/") && rest.size() > 1 && rest.find('?') == std::string_view::npos) {
        t.stream_id = "#!::r=" + std::string(rest.substr(1)) + ",m=request";
    } else {
        return std::nullopt;
    }
    if (t.stream_id.empty() || t.stream_id.size() > 512) return std::nullopt;  // SRTO_STREAMID's limit
    return t;
}

srt_player::srt_player(worker& w, const player_settings& settings, const srt_target& target)
    : player(w, settings),
      target_(target),
      ts_(ts_reader::handlers{[this] { on_audio(); }, [this](lal::byte_span prefix) { on_video(prefix); }}) {
    start_library();
}

srt_player::~srt_player() {
    if (socket_ != SRT_INVALID_SOCK) srt_close(socket_);
}

void srt_player::open() {
    socket_ = srt_create_socket();
    if (socket_ == SRT_INVALID_SOCK) return fail(errc::connect_failed, "srt_create_socket: " + last_error());
    const bool no = false;
    srt_setsockflag(socket_, SRTO_RCVSYN, &no, sizeof no);
    srt_setsockflag(socket_, SRTO_SNDSYN, &no, sizeof no);
    srt_setsockflag(socket_, SRTO_STREAMID, target_.stream_id.data(), static_cast<int>(target_.stream_id.size()));
    if (!srt_poller::of(worker_).add(socket_, this)) return fail(errc::connect_failed, "srt_epoll: " + last_error());
    const auto& ep = settings_.endpoint;
    if (srt_connect(socket_, ep.data(), static_cast<int>(ep.size())) == SRT_ERROR)
        return fail(errc::connect_failed, "srt_connect: " + last_error());
}

void srt_player::close_transport() {
    if (socket_ == SRT_INVALID_SOCK) return;
    srt_poller::of(worker_).remove(socket_);
    srt_close(socket_);
    socket_ = SRT_INVALID_SOCK;
}

void srt_player::on_writable() {
    if (up_ || closed()) return;
    up_ = true;
    srt_poller::of(worker_).connected(socket_);
    transport_up();
}

void srt_player::on_error() {
    if (closed()) return;
    if (!up_) {
        // SRT's reject reason tells a refused stream id (14xx) from a silent server.
        const int reason = srt_getrejectreason(socket_);
        return fail(errc::connect_failed, std::string("SRT rejected: ") + srt_rejectreason_str(reason) + " (" +
                                              std::to_string(reason) + ")");
    }
    fail(errc::closed_by_server, "SRT connection broken");
}

void srt_player::on_connected() {
    // No play command in SRT: the connection is the play request and its start.
    play_requested();
    play_started();
}

void srt_player::on_readable() {
    if (closed() || !up_) return;
    std::vector<std::byte> buffer(max_drain + max_message);
    std::size_t used = 0;
    while (used < max_drain) {
        const int n = srt_recvmsg(socket_, reinterpret_cast<char*>(buffer.data() + used), max_message);
        if (n == SRT_ERROR) {
            if (srt_getlasterror(nullptr) == SRT_EASYNCRCV) break;
            if (used > 0) break;  // hand out what came; the error is reported again
            return fail(errc::closed_by_server, "srt_recvmsg: " + last_error());
        }
        if (n <= 0) break;
        used += static_cast<std::size_t>(n);
    }
    if (used == 0) return;
    buffer.resize(used);
    received(lal::payload::adopt(std::move(buffer)));
}

void srt_player::on_input(const lal::payload& in) { ts_.feed(in.bytes()); }

}  // namespace lalbench
