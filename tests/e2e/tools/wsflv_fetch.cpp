// SPDX-License-Identifier: MIT
// Test client for WS-FLV (ffmpeg here cannot read ws://): opens a WebSocket to
// an HTTP URL with lal::http's client handshake, writes every binary message to
// a file (together they are the FLV stream), and after the given seconds sends
// a close frame and waits for the server's. Blocking Asio, one socket.
// Usage: wsflv_fetch <http://host:port/app/stream.flv> <out.flv> <seconds>
// Exit 0 on a clean run, 1 on any failure (printed on stderr).
#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <variant>

#include <asio/connect.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>
#include <asio/write.hpp>

#include <lal/http/response_parser.hpp>
#include <lal/http/url.hpp>
#include <lal/http/websocket_decoder.hpp>
#include <lal/http/websocket_frame.hpp>
#include <lal/http/websocket_handshake.hpp>

namespace {

int fail(const std::string& what) {
    std::fprintf(stderr, "wsflv_fetch: %s\n", what.c_str());
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) return fail("usage: wsflv_fetch <http-url> <out.flv> <seconds>");
    auto u = lal::http::parse_url(argv[1]);
    if (!u) return fail("bad URL: " + u.error().message());
    const auto run_for = std::chrono::milliseconds(static_cast<long>(std::stod(argv[3]) * 1000));
    std::ofstream out(argv[2], std::ios::binary);
    std::random_device rd;
    auto random_bytes = [&rd]<std::size_t N>(std::array<std::byte, N>& a) {
        for (auto& b : a) b = static_cast<std::byte>(rd() & 0xff);
    };

    asio::io_context io;
    asio::ip::tcp::socket sock(io);
    asio::ip::tcp::resolver resolver(io);
    std::error_code ec;
    asio::connect(sock, resolver.resolve(u->host, std::to_string(u->port)), ec);
    if (ec) return fail("connect: " + ec.message());
    std::array<std::byte, 16> nonce{};
    random_bytes(nonce);
    const auto key = lal::http::ws::client_key(nonce);
    asio::write(sock, asio::buffer(lal::http::ws::make_upgrade_request(*u, key)), ec);
    if (ec) return fail("send handshake: " + ec.message());

    lal::http::response_parser handshake;
    lal::http::ws::message_reader reader(lal::http::ws::role::client, {1 << 22, 1 << 24});
    bool switched = false;
    std::size_t messages = 0, bytes = 0;
    bool close_sent = false;
    const auto started = std::chrono::steady_clock::now();
    std::array<char, 65536> buf{};
    while (true) {
        if (switched && !close_sent && std::chrono::steady_clock::now() - started >= run_for) {
            // RFC 6455 5.5.1: a masked close; the server answers and closes.
            lal::http::ws::masking_key mask{};
            random_bytes(mask);
            auto f = lal::http::ws::encode_close(lal::http::ws::close_code::normal, "done", mask);
            asio::write(sock, asio::buffer(f.data(), f.size()), ec);
            close_sent = true;
        }
        const auto n = sock.read_some(asio::buffer(buf), ec);
        if (ec) {
            if (close_sent && ec == asio::error::eof) break;
            return fail("read: " + ec.message() + " after " + std::to_string(messages) + " messages");
        }
        auto data = std::as_bytes(std::span<const char>(buf.data(), n));
        if (!switched) {
            if (auto e = handshake.feed(data)) return fail("handshake: " + e.message());
            while (auto ev = handshake.next()) {
                auto* h = std::get_if<lal::http::response_head>(&*ev);
                if (!h) continue;
                if (auto e = lal::http::ws::check_response(*h, key)) {
                    return fail("handshake refused: HTTP " + std::to_string(h->status) + ": " + e.message());
                }
                switched = true;
                auto held = handshake.take_held();
                if (auto e = reader.feed(held)) return fail("frames: " + e.message());
            }
        } else if (auto e = reader.feed(data)) {
            return fail("frames: " + e.message());
        }
        while (auto ev = reader.next()) {
            if (auto* m = std::get_if<lal::http::ws::message>(&*ev)) {
                if (m->type != lal::http::ws::opcode::binary) return fail("a text message in a WS-FLV stream");
                out.write(reinterpret_cast<const char*>(m->data.data()), static_cast<std::streamsize>(m->data.size()));
                ++messages;
                bytes += m->data.size();
            } else if (auto* c = std::get_if<lal::http::ws::close_frame>(&*ev)) {
                if (!close_sent) return fail("the server closed first: " + std::to_string(c->code));
                if (c->code != 1000) return fail("close code " + std::to_string(c->code));
            }
        }
    }
    std::printf("messages=%zu bytes=%zu\n", messages, bytes);
    return messages > 0 ? 0 : fail("no message");
}
