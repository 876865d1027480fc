// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <srt/srt.h>

#include "service.hpp"
#include "simple_auth.hpp"
#include "srt_socket.hpp"

namespace lal::server {

class srt_session;

/// SRT publish and play (libsrt, live mode, MPEG-TS): a caller names the
/// stream and the direction in its stream id (lal::srt::parse_stream_id). A
/// publisher's TS is demuxed into the hub; a player gets the hub's shared TS
/// form in 1316-byte messages from a key frame on.
///
/// One thread waits on SRT's own epoll (srt_epoll_uwait) for every socket of
/// the service: it accepts, reads publishers' messages and notices broken
/// connections, and hands each to the connection's worker (round robin), where
/// everything touching the hub runs. Players are written on their worker.
/// The listen callback refuses, during the handshake and with an SRT reject
/// reason, ids that do not parse (1400, 1405, 1415), a full server (1402), a
/// missing or wrong simple_auth secret (1401) and a publish on a live stream
/// (1409); admission checks (the blacklist, hooks) run after the accept.
class srt_service final : public service {
public:
    explicit srt_service(server_context& ctx);
    ~srt_service() override;

    std::string_view name() const noexcept override { return "srt"; }
    /// Opens the listener on srt.addr.
    std::string listen() override;
    /// Starts the epoll thread.
    void start() override;
    /// Closes the listener, stops the epoll thread and ends every session on its worker.
    void stop(bool abort) override;

private:
    friend class srt_session;
    static int on_listen(void* self, SRTSOCKET socket, int hs_version, const sockaddr* peer, const char* stream_id);
    int decide(SRTSOCKET socket, const sockaddr* peer, const char* stream_id);
    void poll_loop();
    void accept_all();
    void read_from(SRTSOCKET socket);
    void broken(SRTSOCKET socket, std::string reason);
    std::shared_ptr<srt_session> find(SRTSOCKET socket);
    /// A session ended on its worker: forgets its socket (already closed).
    void forget(SRTSOCKET socket);

    server_context& ctx_;
    srt_library library_;
    simple_auth auth_;  // asked in the listen callback, for an early 1401
    SRTSOCKET listener_ = SRT_INVALID_SOCK;
    int epoll_ = -1;
    std::thread poller_;
    std::atomic<bool> running_{false};
    std::size_t next_worker_ = 0;  // epoll thread only
    std::mutex mutex_;             // guards sessions_ (epoll thread and workers)
    std::unordered_map<SRTSOCKET, std::shared_ptr<srt_session>> sessions_;
};

}  // namespace lal::server
