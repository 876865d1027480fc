// SPDX-License-Identifier: MIT
// rtsppull: pull an RTSP stream (a camera, a server) and save it as an FLV file.
//   rtsppull -i rtsp://[user:pass@]host[:port]/path -o out.flv [-t tcp|udp] [--time seconds]
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

#include <lal/flv/file_writer.hpp>
#include <lal/rtsp_asio/error.hpp>
#include <lal/rtsp_asio/pull_client.hpp>

#include "flv_file.hpp"
#include "item_tag.hpp"
#include "rtsp_tool.hpp"

namespace {

constexpr const char* tool = "rtsppull";
enum class stop_cause { none, time_limit, signal, save_error };
// Whole tags collect in the writer and leave in one write(2).
constexpr std::size_t flush_threshold = 64 * 1024;

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Pull an RTSP stream (TCP interleaved or UDP) and save it as an FLV file.\n"
                 "Timestamps start at 0; the file holds whole tags only, whatever ends the pull.",
                 tool};
    lal_tools::rtsp_pull_args args;
    if (auto code = args.parse(app, "FLV file to write", argc, argv)) return *code;
    const auto& input = args.input;
    const auto& output = args.output;

    asio::io_context io;
    lal::flv::file_writer saver;
    lal_tools::flv_file file(output);
    std::optional<std::error_code> result;
    std::error_code save_error;
    stop_cause cause = stop_cause::none;
    auto client = std::make_shared<lal::rtsp_asio::pull_client>(io.get_executor(), args.pull_options());
    asio::signal_set signals(io, SIGINT, SIGTERM);
    asio::steady_timer limit(io);
    auto stop = [&](stop_cause why) {
        if (cause == stop_cause::none) cause = why;
        client->stop();
    };

    lal::rtsp_asio::pull_handlers handlers;
    handlers.on_started = [&](const std::vector<lal::rtsp::media_track>& tracks) {
        for (const auto& t : tracks) {
            fmt::print(stderr, "{}: track {} {}/{}\n", tool, t.url, lal::media::name(t.info.codec), t.info.clock_rate);
        }
    };
    handlers.on_item = [&](lal::media::media_item item) {
        if (save_error) return;
        auto tag = lal_tools::item_tag(item);
        if (!tag) return;
        saver.add(std::move(*tag));
        if (saver.output_size() < flush_threshold) return;
        if (auto ec = file.write(saver)) {
            save_error = ec;
            stop(stop_cause::save_error);
        }
    };
    handlers.on_closed = [&](std::error_code ec) {
        result = ec;
        signals.cancel();
        limit.cancel();
    };
    signals.async_wait([&](std::error_code ec, int) {
        if (!ec) stop(stop_cause::signal);
    });
    if (args.seconds > 0) {
        limit.expires_after(lal_tools::millis_of(args.seconds));
        limit.async_wait([&](std::error_code ec) {
            if (!ec) stop(stop_cause::time_limit);
        });
    }
    client->start(input, std::move(handlers));
    io.run();

    saver.finish();
    if (!save_error) save_error = file.write(saver);
    if (auto ec = file.close(); ec && !save_error) save_error = ec;
    if (save_error) {
        fmt::print(stderr, "{}: cannot write {}: {}\n", tool, output, save_error.message());
        return 1;
    }
    const auto ec = result.value_or(std::error_code{});
    const auto stats = client->stats();
    if (saver.bytes_produced() == 0) {
        // Nothing arrived: say why, and leave no file behind.
        if (cause == stop_cause::signal || cause == stop_cause::time_limit) {
            fmt::print(stderr, "{}: stopped before the stream started: {}\n", tool, client->url());
        } else {
            fmt::print(stderr, "{}: {}: {}\n", tool, client->url().empty() ? input : client->url(), ec.message());
        }
        return 1;
    }
    std::string why;
    int exit_code = 0;
    if (cause == stop_cause::time_limit) {
        why = "time limit reached";
    } else if (cause == stop_cause::signal) {
        why = "interrupted";
    } else if (ec == lal::rtsp_asio::errc::closed || ec == lal::rtsp_asio::errc::read_timeout) {
        why = "stream ended (" + ec.message() + ")";
    } else {
        why = "pull failed: " + ec.message();
        exit_code = 1;
    }
    fmt::print(stderr,
               "{}: {}; saved {}: {} video, {} audio tags, {:.3f} s, {} bytes; {} RTP packets lost, {} frames "
               "dropped\n",
               tool, why, output, saver.video_tags(), saver.audio_tags(), saver.last_timestamp() / 1000.0,
               saver.bytes_produced(), stats.lost_packets, stats.broken_frames + stats.skipped_frames);
    return exit_code;
}
