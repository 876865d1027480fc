// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <asio/steady_timer.hpp>
#include <lal/media/frame_input.hpp>
#include <lal/mpegts/demuxer.hpp>
#include <lal/srt/message_packer.hpp>
#include <lal/srt/stream_id.hpp>
#include <srt/srt.h>

#include "hub_types.hpp"
#include "media_summary.hpp"
#include "player_record.hpp"

namespace lal::server {

class srt_service;

/// libsrt's counters of one connection (srt_bstats): packets lost on the way
/// (then asked again), retransmitted, and dropped for coming or leaving too
/// late for the latency.
struct srt_link_stats {
    std::int64_t lost = 0;
    std::int64_t retransmitted = 0;
    std::int64_t dropped_late = 0;
    /// Reads them from `socket`; false when libsrt no longer knows it (broken).
    bool read(SRTSOCKET socket);
};

/// One accepted SRT connection on its worker: a publisher (its TS demuxed
/// into the hub) or a player (the hub's TS form out in live-mode messages).
/// Every member runs on the worker's thread; the epoll thread only posts to it.
class srt_session : public subscriber_sink,
                    public publisher_sink,
                    public lal::hub::described_session,
                    public std::enable_shared_from_this<srt_session> {
public:
    srt_session(srt_service& service, SRTSOCKET socket, std::size_t worker, lal::srt::stream_id id,
                std::string remote);
    ~srt_session() override;

    /// Asks the admission checks, then publishes or subscribes.
    void begin();
    /// Messages the epoll thread read (a publisher's TS bytes), and the link's
    /// counters read with them (a broken socket has none left to read).
    void on_data(std::vector<std::byte> bytes, const srt_link_stats& link);
    /// Ends the session: leaves the hub and the directory, closes the socket.
    void close_now(std::string_view reason);
    std::size_t worker() const noexcept { return worker_; }

    // subscriber_sink
    void start() override;
    void stop() override;
    void restarted() override {}
    void send(const frame& f) override;
    std::size_t queued_bytes() const override;
    std::uint64_t written_bytes() const override;
    void close(std::string_view reason) override;

    // publisher_sink (may be called from another worker)
    void kicked(std::string_view reason) override;

    // described_session
    lal::hub::session_info describe() const override;
    void kick(std::string_view reason) override;

private:
    bool publishing() const noexcept { return id_.mode == lal::srt::mode::publish; }
    void on_admitted(const admission_result& r);
    void demux(lal::byte_span bytes);
    /// Sends one message; false when libsrt's send buffer is full (or the socket broke).
    bool send_message(lal::byte_span message);
    void wait_for_publisher();
    void post_close(std::string reason);

    srt_service& service_;
    SRTSOCKET socket_;
    std::size_t worker_;
    lal::srt::stream_id id_;
    stream_key key_;
    std::string remote_;
    std::string session_id_;
    std::int64_t start_unix_ms_;
    std::uint64_t started_ms_;
    asio::steady_timer timer_;            // admission, then waiting for a publisher
    std::shared_ptr<admission_ticket> ticket_;
    bool admitted_ = false;
    bool closed_ = false;
    bool in_directory_ = false;
    std::uint64_t read_bytes_ = 0;
    std::uint64_t sent_bytes_ = 0;        // handed to libsrt
    std::uint64_t messages_ = 0;
    srt_link_stats link_;
    // Publishing
    std::vector<std::byte> early_;        // bytes before admission, bounded by srt.max_buffer_bytes
    lal::mpegts::demuxer demuxer_;
    lal::media::frame_input input_;
    std::shared_ptr<publication> publication_;
    media_summary media_;
    std::uint64_t demux_errors_ = 0;
    // Playing
    std::unique_ptr<subscription> subscription_;
    lal::srt::message_packer packer_;
    mutable player_record player_;
    std::uint64_t send_dropped_ = 0;      // frames cut short because libsrt's send buffer was full
    bool skip_to_key_ = false;            // after such a cut: nothing until the next video key frame
    bool seen_video_ = false;
    bool waiting_ = false;
};

}  // namespace lal::server
