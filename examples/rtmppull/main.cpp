// SPDX-License-Identifier: MIT
// rtmppull: play an RTMP stream and save it as an FLV file.
//   rtmppull -i rtmp[s]://host[:port]/app/stream -o out.flv [-t seconds] [--ca-file ca.pem]
#include <chrono>
#include <csignal>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>
#include <fmt/core.h>

#include <lal/flv/file_writer.hpp>
#include <lal/rtmp/command.hpp>
#include <lal/rtmp_asio/client_connection.hpp>
#include <lal/rtmp_asio/url.hpp>

#include "flv_file.hpp"
#include "tls_option.hpp"
#include "parse_args.hpp"

namespace {

constexpr const char* tool = "rtmppull";
using clock_type = std::chrono::steady_clock;

enum class stop_cause { none, time_limit, signal, stream_end, stalled, no_media, save_error };

// Whole tags collect in the writer and leave in one write(2).
constexpr std::size_t flush_threshold = 64 * 1024;

std::chrono::steady_clock::duration seconds_of(double s) {
    return std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(s));
}

/// The FLV form of an audio, video or AMF0 data message; nullopt for anything else.
std::optional<lal::flv::tag> to_tag(const lal::rtmp::message& msg) {
    lal::flv::tag t{lal::flv::tag_type::script, msg.timestamp, 0, msg.body};
    switch (msg.type_id) {
    case lal::rtmp::message_type::audio: t.type = lal::flv::tag_type::audio; return t;
    case lal::rtmp::message_type::video: t.type = lal::flv::tag_type::video; return t;
    case lal::rtmp::message_type::data_amf0: return t;
    default: return std::nullopt;  // AMF3 data and the rest have no FLV form
    }
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Play an RTMP stream and save it as an FLV file. Metadata and sequence headers come\n"
                 "first, timestamps start at 0, and the file holds whole tags only, whatever ends\n"
                 "the pull: -t, the publisher's end (Stream EOF, UnpublishNotify, closed connection),\n"
                 "no media for --timeout seconds, or SIGINT/SIGTERM.",
                 tool};
    std::string input, output;
    double seconds = 0;
    double media_timeout = 10;
    std::string ca_file;
    app.add_option("-i,--input", input, "rtmp[s]://host[:port]/app/stream[?query]")->required();
    app.add_option("--ca-file", ca_file, lal_tools::ca_file_help);
    app.add_option("-o,--output", output, "FLV file to write")->required();
    app.add_option("-t,--time", seconds, "stop after this many seconds (default: until the stream ends)")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--timeout", media_timeout,
                   "give up when no media arrives for this many seconds (also bounds connecting)")
        ->check(CLI::PositiveNumber);
    if (auto stop = lal_tools::parse_args(app, argc, argv)) return *stop;
    auto url = lal::rtmp_asio::parse_rtmp_url(input);
    if (!url) {
        fmt::print(stderr, "{}: bad URL '{}': {}\n", tool, input, url.error().message());
        return 2;
    }

    asio::io_context io;
    lal::flv::file_writer recorder;
    lal_tools::flv_file file(output);
    std::error_code save_error;
    std::optional<lal::rtmp_asio::client_result> result;
    stop_cause cause = stop_cause::none;
    bool playing = false;
    auto last_media = clock_type::now();

    lal::rtmp_asio::client_options options;
    if (!lal_tools::tls_for_ca_file(tool, ca_file, options.tls)) return 2;
    options.connect_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(seconds_of(media_timeout));
    auto client = std::make_shared<lal::rtmp_asio::client_connection>(io.get_executor(), options);
    asio::signal_set signals(io, SIGINT, SIGTERM);
    asio::steady_timer limit(io);
    asio::steady_timer watchdog(io);

    auto stop = [&](stop_cause why) {
        if (cause == stop_cause::none) cause = why;
        client->close();  // deleteStream, then the TCP close
    };
    auto take = [&](const lal::rtmp::message& m) {
        last_media = clock_type::now();
        if (save_error) return;
        if (auto t = to_tag(m)) recorder.add(std::move(*t));
        if (recorder.output_size() < flush_threshold) return;
        if (auto ec = file.write(recorder)) {
            save_error = ec;
            stop(stop_cause::save_error);
        }
    };

    lal::rtmp_asio::client_handlers h;
    h.on_event = [&](lal::rtmp::client_event& e) {
        namespace ev = lal::rtmp::client_events;
        if (std::holds_alternative<ev::play_started>(e)) {
            playing = true;
            last_media = clock_type::now();
            fmt::print(stderr, "{}: playing {}\n", tool, to_string(*url));
        } else if (auto* m = std::get_if<ev::media>(&e)) {
            take(m->msg);
        } else if (auto* meta = std::get_if<ev::metadata>(&e)) {
            take(meta->msg);
        } else if (std::holds_alternative<ev::stream_eof>(e)) {
            stop(stop_cause::stream_end);
        } else if (auto* s = std::get_if<ev::status>(&e)) {
            if (s->code == lal::rtmp::status::play_unpublish_notify || s->code == lal::rtmp::status::play_stop) {
                stop(stop_cause::stream_end);
            }
        }
    };
    h.on_closed = [&](const lal::rtmp_asio::client_result& r) {
        result = r;
        signals.cancel();
        limit.cancel();
        watchdog.cancel();
    };

    signals.async_wait([&](std::error_code ec, int) {
        if (!ec) stop(stop_cause::signal);
    });
    if (seconds > 0) {
        limit.expires_after(seconds_of(seconds));
        limit.async_wait([&](std::error_code ec) {
            if (!ec) stop(stop_cause::time_limit);
        });
    }
    // Checks twice a second whether media stopped for longer than --timeout.
    std::function<void()> watch = [&] {
        watchdog.expires_after(std::chrono::milliseconds(500));
        watchdog.async_wait([&](std::error_code ec) {
            if (ec || result) return;
            if (playing && clock_type::now() - last_media >= seconds_of(media_timeout)) {
                stop(recorder.video_tags() + recorder.audio_tags() > 0 || recorder.started() ? stop_cause::stalled
                                                                                            : stop_cause::no_media);
                return;
            }
            watch();
        });
    };
    watch();
    client->start(*url, lal::rtmp::client_role::play, h);
    io.run();

    recorder.finish();
    if (!save_error) save_error = file.write(recorder);
    if (auto ec = file.close(); ec && !save_error) save_error = ec;
    if (save_error) {
        fmt::print(stderr, "{}: cannot write {}: {}\n", tool, output, save_error.message());
        return 1;
    }
    auto r = result.value_or(lal::rtmp_asio::client_result{});
    if (recorder.bytes_produced() == 0) {
        // Nothing saved: say why, and leave no file behind.
        if (cause == stop_cause::signal || cause == stop_cause::time_limit) {
            fmt::print(stderr, "{}: stopped before any media arrived from {}\n", tool, to_string(*url));
        } else if (cause == stop_cause::no_media || cause == stop_cause::stalled) {
            fmt::print(stderr, "{}: no media from {} for {} s (is the stream published?)\n", tool, to_string(*url),
                       media_timeout);
        } else if (cause == stop_cause::stream_end) {
            fmt::print(stderr, "{}: the stream ended before any media arrived: {}\n", tool, to_string(*url));
        } else {
            fmt::print(stderr, "{}: {}\n", tool, r.description);
        }
        return 1;
    }

    std::string why;
    int exit_code = 0;
    switch (cause) {
    case stop_cause::time_limit: why = "time limit reached"; break;
    case stop_cause::signal: why = "interrupted"; break;
    case stop_cause::stream_end: why = "stream ended"; break;
    case stop_cause::stalled: why = fmt::format("no media for {} s, stopped", media_timeout); break;
    default:
        if (r.error == asio::error::eof || r.error == asio::error::connection_reset) {
            why = "stream ended (" + r.description + ")";
        } else {
            why = "pull failed: " + r.description;
            exit_code = 1;
        }
    }
    fmt::print(stderr, "{}: {}; saved {}: {} video, {} audio, {} script tags, {:.3f} s, {} bytes{}\n", tool, why,
               output, recorder.video_tags(), recorder.audio_tags(), recorder.script_tags(),
               recorder.last_timestamp() / 1000.0, recorder.bytes_produced(),
               recorder.dropped_tags()
                   ? fmt::format(" ({} frames before their sequence header dropped)", recorder.dropped_tags())
                   : std::string());
    return exit_code;
}
