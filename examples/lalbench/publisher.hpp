// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>

#include <asio/steady_timer.hpp>

#include <lal/rtmp_asio/client_connection.hpp>
#include <lal/rtmp_asio/url.hpp>

#include "media_file.hpp"
#include "worker.hpp"

namespace lalbench {

/// What every publisher of a run shares.
struct publisher_settings {
    std::chrono::milliseconds connect_timeout{10'000};  ///< until publish start
    /// Bytes waiting for the socket above which frames are skipped up to the
    /// next key frame (counted, and seen as loss by players).
    std::size_t high_water = 4 * 1024 * 1024;
};

/// Publishes a media file over RTMP in real time, looping with continuous
/// timestamps: a timer fires when the steady clock reaches the next frame's
/// time. Each AVC frame gets a stamp (sequence number and send time).
class publisher final : public client, public std::enable_shared_from_this<publisher> {
public:
    publisher(worker& w, const publisher_settings& settings, const media_file& media,
              const lal::rtmp_asio::rtmp_url& url);

    /// Connects and publishes (on the worker's thread).
    void start();
    void check(clock_type::time_point now) override;
    void stop() override;
    bool finished() const noexcept override { return finished_; }

private:
    void on_started();
    void pump();
    void send_frame(const media_frame& f, std::uint64_t loop);
    void on_closed(const lal::rtmp_asio::client_result& r);

    worker& worker_;
    const publisher_settings& settings_;
    const media_file& media_;
    const lal::rtmp_asio::rtmp_url& url_;
    std::shared_ptr<lal::rtmp_asio::client_connection> conn_;
    asio::steady_timer timer_;
    clock_type::time_point started_{};
    std::size_t next_ = 0;        // next frame of the file
    std::uint64_t loop_ = 0;      // loops completed
    std::uint64_t sequence_ = 0;  // next stamp number
    bool publishing_ = false;
    bool dropping_ = false;       // skipping frames until a key frame (back-pressure)
    bool stopping_ = false;
    bool finished_ = false;
};

}  // namespace lalbench
