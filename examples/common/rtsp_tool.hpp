// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <lal/rtsp_asio/pull_client.hpp>
#include <lal/rtsp_asio/url.hpp>
#include "parse_args.hpp"
#include "tls_option.hpp"

namespace lal_tools {

/// Milliseconds of a command line's seconds.
inline std::chrono::milliseconds millis_of(double seconds) {
    return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
}

/// The command line the RTSP pull tools share (lal-Go's pullrtsp and
/// pullrtsp2pushrtmp: -i, -o, -t), plus --time, --timeout and --ca-file.
struct rtsp_pull_args {
    std::string input;
    std::string output;
    std::string transport = "tcp";
    std::string ca_file;  ///< rtsps:// (and an rtmps:// output): verify against these CAs
    std::shared_ptr<const lal::net::tls_context> tls;  ///< made from ca_file; null: no verification
    double seconds = 0;   ///< --time: 0 runs until the stream ends
    double timeout = 10;  ///< --timeout: connect/start and media silence limit
    lal::rtsp_asio::transport_mode mode = lal::rtsp_asio::transport_mode::tcp;

    /// Parses the command line; an exit code when the tool should stop now
    /// (0 after help, 2 for bad arguments, said on stderr).
    std::optional<int> parse(CLI::App& app, const char* output_help, int argc, char** argv) {
        const auto tool = app.get_name();
        app.add_option("-i,--input", input, "rtsp[s]://[user:password@]host[:port]/path")->required();
        app.add_option("-o,--output", output, output_help)->required();
        app.add_option("-t,--transport", transport, "RTP over 'tcp' (interleaved, also 1) or 'udp' (also 0)");
        app.add_option("--time", seconds, "stop after this many seconds (default: until the stream ends)")
            ->check(CLI::NonNegativeNumber);
        app.add_option("--timeout", timeout,
                       "give up when the stream does not start, or no media arrives, for this many seconds")
            ->check(CLI::PositiveNumber);
        app.add_option("--ca-file", ca_file, lal_tools::ca_file_help);
        if (auto stop = lal_tools::parse_args(app, argc, argv)) return *stop;
        if (!lal_tools::tls_for_ca_file(tool.c_str(), ca_file, tls)) return 2;
        // lal-Go's tools take -t 1 for interleaved TCP and -t 0 for UDP.
        if (transport == "tcp" || transport == "1") {
            mode = lal::rtsp_asio::transport_mode::tcp;
        } else if (transport == "udp" || transport == "0") {
            mode = lal::rtsp_asio::transport_mode::udp;
        } else {
            fmt::print(stderr, "{}: -t must be tcp, udp, 1 or 0, not '{}'\n", tool, transport);
            return 2;
        }
        if (auto u = lal::rtsp_asio::parse_url(input); !u) {
            fmt::print(stderr, "{}: bad URL '{}': {}\n", tool, input, u.error().message());
            return 2;
        }
        return std::nullopt;
    }

    /// The pull client's settings these arguments make.
    lal::rtsp_asio::pull_options pull_options() const {
        lal::rtsp_asio::pull_options o;
        o.mode = mode;  // rtsps:// is interleaved whatever -t says
        o.tls = tls;
        o.connect_timeout = millis_of(timeout);
        o.read_timeout = millis_of(timeout);
        o.random = static_cast<std::uint32_t>(std::chrono::steady_clock::now().time_since_epoch().count());
        return o;
    }
};

}  // namespace lal_tools
