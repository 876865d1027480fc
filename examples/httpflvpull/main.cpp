// SPDX-License-Identifier: MIT
// httpflvpull: pull an HTTP-FLV stream and save it as an FLV file.
//   httpflvpull -i http[s]://host:8080/app/stream.flv -o out.flv [-t seconds] [--ca-file ca.pem]
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
#include <lal/httpflv/error.hpp>
#include <lal/httpflv/url.hpp>
#include <lal/httpflv_asio/pull_client.hpp>

#include "flv_file.hpp"
#include "parse_args.hpp"
#include "tls_option.hpp"

namespace {

enum class stop_cause { none, time_limit, signal, save_error };

// Whole tags collect in the writer and leave in one write(2).
constexpr std::size_t flush_threshold = 64 * 1024;

/// One line saying why a pull failed before any media arrived.
std::string describe_failure(const lal::httpflv::url& u, int status, std::error_code ec) {
    auto where = lal::httpflv::to_string(u);
    if (ec == lal::httpflv::errc::stream_not_found) return fmt::format("stream not found (HTTP 404): {}", where);
    if (ec == lal::httpflv::errc::unexpected_status) return fmt::format("server answered HTTP {}: {}", status, where);
    if (ec == lal::httpflv::errc::timeout) return fmt::format("timed out waiting for {}", where);
    if (ec.category() == asio::error::get_system_category() || ec.category() == std::system_category() ||
        ec.category() == asio::error::get_netdb_category() ||
        ec.category() == asio::error::get_addrinfo_category()) {
        return fmt::format("cannot connect to {}:{}: {}", u.host, u.port, ec.message());
    }
    return fmt::format("{}: {}", where, ec.message());
}

/// True for the ways a server ends a live stream: close, reset, a cut tag.
bool is_stream_end(std::error_code ec) {
    return !ec || ec == asio::error::eof || ec == asio::error::connection_reset ||
           ec == lal::httpflv::errc::truncated_message || ec.category() == lal::flv::category();
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Pull an HTTP-FLV stream and save it as an FLV file.\n"
                 "Timestamps start at 0; the file holds whole tags only, whatever ends the pull.",
                 "httpflvpull"};
    std::string input;
    std::string output;
    double seconds = 0;
    std::string ca_file;
    app.add_option("-i,--input", input, "stream URL, http[s]://host[:port]/app/stream.flv")->required();
    app.add_option("--ca-file", ca_file, lal_tools::ca_file_help);
    app.add_option("-o,--output", output, "FLV file to write")->required();
    app.add_option("-t,--time", seconds, "stop after this many seconds (default: until the stream ends)")
        ->check(CLI::NonNegativeNumber);
    if (auto code = lal_tools::parse_args(app, argc, argv)) return *code;

    auto url = lal::httpflv::parse_url(input);
    if (!url) {
        fmt::print(stderr, "httpflvpull: bad URL '{}': {}\n", input, url.error().message());
        return 2;
    }

    asio::io_context io;
    lal::flv::file_writer saver;
    lal_tools::flv_file file(output);
    std::optional<std::error_code> result;
    std::error_code save_error;
    stop_cause cause = stop_cause::none;
    lal::httpflv_asio::pull_options options;
    if (!lal_tools::tls_for_ca_file("httpflvpull", ca_file, options.tls)) return 2;
    auto client = std::make_shared<lal::httpflv_asio::pull_client>(io.get_executor(), options);
    asio::signal_set signals(io, SIGINT, SIGTERM);
    asio::steady_timer limit(io);
    auto stop = [&](stop_cause why) {
        if (cause == stop_cause::none) cause = why;
        client->stop();
    };

    lal::httpflv_asio::pull_handlers handlers;
    handlers.on_tag = [&](lal::flv::tag t) {
        if (save_error) return;
        saver.add(std::move(t));
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
    if (seconds > 0) {
        limit.expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            std::chrono::duration<double>(seconds)));
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
        fmt::print(stderr, "httpflvpull: cannot write {}: {}\n", output, save_error.message());
        return 1;
    }
    auto ec = result.value_or(std::error_code{});
    if (saver.bytes_produced() == 0) {
        // Nothing arrived: say why, and leave no file behind.
        if (cause == stop_cause::signal || cause == stop_cause::time_limit) {
            fmt::print(stderr, "httpflvpull: stopped before the stream started: {}\n",
                       lal::httpflv::to_string(client->current_url()));
        } else {
            fmt::print(stderr, "httpflvpull: {}\n", describe_failure(client->current_url(), client->status(), ec));
        }
        return 1;
    }

    std::string why;
    int exit_code = 0;
    if (cause == stop_cause::time_limit) {
        why = "time limit reached";
    } else if (cause == stop_cause::signal) {
        why = "interrupted";
    } else if (is_stream_end(ec)) {
        why = ec && ec != asio::error::eof ? "stream ended (" + ec.message() + ")" : "stream ended";
    } else {
        why = "pull failed: " + ec.message();
        exit_code = 1;
    }
    fmt::print(stderr, "httpflvpull: {}; saved {}: {} video, {} audio, {} script tags, {:.3f} s, {} bytes{}\n", why,
               output, saver.video_tags(), saver.audio_tags(), saver.script_tags(), saver.last_timestamp() / 1000.0,
               saver.bytes_produced(),
               saver.dropped_tags() ? fmt::format(" ({} frames before their sequence header dropped)",
                                                  saver.dropped_tags())
                                    : std::string());
    return exit_code;
}
