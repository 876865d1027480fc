// SPDX-License-Identifier: MIT
// rtsp2rtmp: pull an RTSP stream (a camera) and publish it to an RTMP server.
//   rtsp2rtmp -i rtsp://[user:pass@]host[:port]/path -o rtmp://host[:port]/app/stream [-t tcp|udp] [--time s]
// The RTMP publish starts first; the RTSP pull starts once the server accepted
// it, so the sequence headers lead the stream. Either side ending ends both.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>
#include <fmt/core.h>

#include <lal/rtmp/message.hpp>
#include <lal/rtmp_asio/client_connection.hpp>
#include <lal/rtsp_asio/error.hpp>
#include <lal/rtsp_asio/pull_client.hpp>

#include "item_tag.hpp"
#include "rtsp_tool.hpp"

namespace {

constexpr const char* tool = "rtsp2rtmp";

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Pull an RTSP stream (TCP interleaved or UDP) and publish it over RTMP.", tool};
    lal_tools::rtsp_pull_args args;
    if (auto code = args.parse(app, "rtmp://host[:port]/app/stream", argc, argv)) return *code;
    const auto& input = args.input;
    const auto& output = args.output;
    auto out_url = lal::rtmp_asio::parse_rtmp_url(output);
    if (!out_url) {
        fmt::print(stderr, "{}: bad output URL '{}': {}\n", tool, output, out_url.error().message());
        return 2;
    }

    asio::io_context io;
    lal::rtmp_asio::client_options push_options;
    push_options.connect_timeout = lal_tools::millis_of(args.timeout);
    push_options.tls = args.tls;  // --ca-file serves an rtmps:// output too
    auto push = std::make_shared<lal::rtmp_asio::client_connection>(io.get_executor(), push_options);
    auto pull = std::make_shared<lal::rtsp_asio::pull_client>(io.get_executor(), args.pull_options());
    asio::signal_set signals(io, SIGINT, SIGTERM);
    asio::steady_timer limit(io);

    std::optional<std::error_code> pull_end;
    std::optional<lal::rtmp_asio::client_result> push_end;
    std::uint64_t video = 0, audio = 0;
    bool pull_started = false;
    std::string why;
    auto finish = [&](std::string reason) {
        if (why.empty()) why = std::move(reason);
        pull->stop();
        push->close();
    };
    auto stop_waiting = [&] {
        if (pull_end && push_end) {
            signals.cancel();
            limit.cancel();
        }
    };

    lal::rtsp_asio::pull_handlers ph;
    ph.on_started = [&](const std::vector<lal::rtsp::media_track>&) {
        fmt::print(stderr, "{}: pulling {} into {}\n", tool, pull->url(), output);
    };
    ph.on_item = [&](lal::media::media_item item) {
        auto tag = lal_tools::item_tag(item);
        if (!tag) return;
        (tag->type == lal::flv::tag_type::video ? video : audio) += 1;
        push->send(lal::rtmp::message{static_cast<std::uint8_t>(tag->type), tag->timestamp, 0, 0, std::move(tag->data)});
    };
    ph.on_closed = [&](std::error_code ec) {
        pull_end = ec;
        finish(ec == asio::error::operation_aborted ? std::string() : "RTSP pull ended: " + ec.message());
        stop_waiting();
    };

    lal::rtmp_asio::client_handlers h;
    h.on_event = [&](lal::rtmp::client_event& e) {
        if (std::holds_alternative<lal::rtmp::client_events::publish_started>(e) && !pull_started) {
            pull_started = true;
            pull->start(input, ph);
        }
    };
    h.on_closed = [&](const lal::rtmp_asio::client_result& r) {
        push_end = r;
        finish(r.error ? "RTMP publish ended: " + r.description : std::string());
        if (!pull_started) pull_end = std::error_code{};  // never started: nothing to wait for
        stop_waiting();
    };

    signals.async_wait([&](std::error_code ec, int) {
        if (!ec) finish("interrupted");
    });
    if (args.seconds > 0) {
        limit.expires_after(lal_tools::millis_of(args.seconds));
        limit.async_wait([&](std::error_code ec) {
            if (!ec) finish("time limit reached");
        });
    }
    push->start(*out_url, lal::rtmp::client_role::publish, std::move(h));
    io.run();

    const bool clean = why == "interrupted" || why == "time limit reached" ||
                       (pull_end && (*pull_end == lal::rtsp_asio::errc::closed ||
                                     *pull_end == lal::rtsp_asio::errc::read_timeout) && video + audio > 0);
    fmt::print(stderr, "{}: {}; pushed {} video, {} audio messages\n", tool, why.empty() ? "done" : why, video, audio);
    return clean ? 0 : 1;
}
