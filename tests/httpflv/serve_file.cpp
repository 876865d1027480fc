// SPDX-License-Identifier: MIT
// Test helper: serves one FLV file at http://127.0.0.1:<port>/<app>/<stream>.flv
// through lal::httpflv_asio, the way a server answers players, so clients that
// no one here wrote (ffmpeg, curl) can check the server side. Prints the port,
// then runs until SIGTERM/SIGINT. Usage: serve_file <file.flv> [chunked]
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>

#include <lal/httpflv/response.hpp>
#include <lal/httpflv/route.hpp>
#include <lal/httpflv_asio/acceptor.hpp>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: serve_file <file.flv> [chunked]\n");
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (chars.empty()) {
        std::fprintf(stderr, "serve_file: cannot read %s\n", argv[1]);
        return 1;
    }
    auto file = lal::payload::copy_from(std::string_view(chars.data(), chars.size()));
    lal::httpflv::response_options options;
    options.chunked = argc > 2 && std::string(argv[2]) == "chunked";

    asio::io_context io;
    lal::httpflv_asio::server_options server;
    server.limits.max_header_bytes = 4096;
    server.response = options;
    lal::httpflv_asio::acceptor acceptor(io, server);
    auto ep = acceptor.listen("127.0.0.1:0");
    if (!ep) {
        std::fprintf(stderr, "serve_file: %s\n", ep.error().message().c_str());
        return 1;
    }
    acceptor.start([&](std::shared_ptr<lal::httpflv_asio::server_connection> conn, std::size_t) {
        conn->start({[&](const std::shared_ptr<lal::httpflv_asio::server_connection>& c, lal::httpflv::request req) {
            if (req.method == "OPTIONS") return c->respond(lal::httpflv::options_response(req, options));
            if (req.method != "GET" && req.method != "HEAD") {
                return c->respond(lal::httpflv::error_response(405, options));
            }
            auto route = lal::httpflv::parse_flv_route(req);
            if (!route) return c->respond(lal::httpflv::error_response(404, options), req.is_head());
            auto head = lal::httpflv::flv_stream_response(req, options);
            if (req.is_head()) return c->respond(head, true);
            c->start_stream(head);
            // Slices of one shared buffer, cut anywhere, as a hub's tags would be.
            for (std::size_t at = 0; at < file.size(); at += 4000) {
                c->send(file.slice(at, std::min<std::size_t>(4000, file.size() - at)));
            }
            c->close();
        }, {}});
    });
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](std::error_code, int) {
        acceptor.close();
        io.stop();
    });
    std::printf("%u\n", static_cast<unsigned>(ep->port()));
    std::fflush(stdout);
    io.run();
    return 0;
}
