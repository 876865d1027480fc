// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <lal/flv/media_header.hpp>
#include <lal/flv/reader.hpp>
#include <lal/rtmp/chunk_encoder.hpp>
#include <lal/rtmp/command.hpp>
#include <lal/rtmp_asio/acceptor.hpp>
#include <lal/rtmp_asio/client_connection.hpp>

#include "asio_support.hpp"
#include "data_path.hpp"

using lal::rtmp_asio::client_connection;
using lal::rtmp_asio::client_handlers;
using lal::rtmp_asio::client_result;
using lal::rtmp_asio::server_connection;
using lal::rtmp_asio::server_handlers;
using lal::rtmp_asio::server_options;
using lal::test::run_until;
using lal::test::test_server;
using namespace std::chrono_literals;
namespace rtmp = lal::rtmp;
namespace sev = lal::rtmp::server_events;
namespace cev = lal::rtmp::client_events;

namespace {

using conn_ptr = std::shared_ptr<server_connection>;

/// The smallest useful relay: one stream, players that come early wait for
/// the publisher (a decision made later), media encoded once and shared.
struct tiny_relay {
    server_handlers handlers() {
        server_handlers h;
        h.on_event = [this](const conn_ptr& c, rtmp::server_event& e) { on_event(c, e); };
        h.on_batch_done = [this](const conn_ptr& c) {
            if (c != publisher) return;
            ++publisher_batches;
            for (auto& p : players) p.conn->flush();  // the batch leaves together
        };
        return h;
    }

    void on_event(const conn_ptr& c, rtmp::server_event& e) {
        if (std::holds_alternative<sev::connect>(e)) {
            c->session().accept_connect();
        } else if (auto* pub = std::get_if<sev::publish>(&e)) {
            c->session().accept_publish(*pub);
            publisher = c;
            for (auto& [conn, request] : waiting) {
                conn->session().accept_play(request);
                players.push_back({conn, request.stream_id});
                conn->resume();
                ++late_decisions;
            }
            waiting.clear();
        } else if (auto* play = std::get_if<sev::play>(&e)) {
            if (!publisher) {
                waiting.emplace_back(c, *play);  // decided when the publisher comes
                return;
            }
            c->session().accept_play(*play);
            players.push_back({c, play->stream_id});
            for (const auto& m : cache) c->send_encoded(encode(m));
        } else if (auto* meta = std::get_if<sev::metadata>(&e)) {
            fan_out(meta->msg, true);
        } else if (auto* media = std::get_if<sev::media>(&e)) {
            fan_out(media->msg, lal::flv::is_sequence_header(static_cast<lal::flv::tag_type>(media->msg.type_id),
                                                             media->msg.body.bytes()));
        } else if (std::holds_alternative<sev::unpublish>(e)) {
            for (auto& p : players) {
                p.conn->session().send_unpublish_notify(p.stream_id);
                p.conn->schedule_flush();
            }
        }
    }

    lal::payload encode(rtmp::message m) const {
        m.message_stream_id = 1;  // every player's createStream got 1
        return rtmp::encode_chunks(m, rtmp::default_chunk_stream(m.type_id), chunk_size);
    }

    void fan_out(const rtmp::message& m, bool keep) {
        if (keep) cache.push_back(m);
        auto chunks = encode(m);  // once, for everyone
        for (auto& p : players) p.conn->send_encoded(chunks);
    }

    struct player {
        conn_ptr conn;
        std::uint32_t stream_id;
    };
    std::uint32_t chunk_size = 4096;
    conn_ptr publisher;
    std::vector<std::pair<conn_ptr, sev::play>> waiting;
    std::vector<player> players;
    std::vector<rtmp::message> cache;  // metadata and sequence headers
    int late_decisions = 0;
    int publisher_batches = 0;
};

/// A player that records what it receives.
struct recorder {
    explicit recorder(asio::io_context& io) : client(std::make_shared<client_connection>(io.get_executor())) {}
    void start(const std::string& url) {
        client_handlers h;
        h.on_event = [this](rtmp::client_event& e) {
            if (auto* m = std::get_if<cev::media>(&e)) media.push_back(m->msg);
            if (auto* m = std::get_if<cev::metadata>(&e)) metadata.push_back(m->msg);
            if (std::holds_alternative<cev::stream_eof>(e)) eof = true;
        };
        h.on_closed = [this](const client_result& r) { result = r; };
        client->start(url, rtmp::client_role::play, h);
    }
    std::shared_ptr<client_connection> client;
    std::vector<rtmp::message> media;
    std::vector<rtmp::message> metadata;
    bool eof = false;
    std::optional<client_result> result;
};

/// The tags of a test file as RTMP messages, metadata wrapped in @setDataFrame as encoders send it.
std::vector<rtmp::message> file_messages(const std::string& name) {
    auto bytes = lal::test::read_data("media/" + name);
    lal::flv::reader reader;
    REQUIRE_FALSE(reader.feed(bytes));
    std::vector<rtmp::message> out;
    while (auto t = reader.next()) {
        rtmp::message m{static_cast<std::uint8_t>(t->type), t->timestamp, 0, 0, t->data};
        if (t->type == lal::flv::tag_type::script) {
            m.type_id = rtmp::message_type::data_amf0;
            m = rtmp::make_set_data_frame(m);
        }
        out.push_back(std::move(m));
    }
    return out;
}

}  // namespace

TEST_CASE("a publisher and two players go through a tiny relay, one player waiting for the publisher",
          "[rtmp_asio][relay][asio]") {
    asio::io_context io;
    tiny_relay relay;
    server_options opts;
    opts.auto_flush = false;  // the relay flushes players at the end of each publisher batch
    test_server server(io, opts, relay.handlers());
    auto url = server.url("live/test");

    recorder early(io);
    early.start(url);
    REQUIRE(run_until(io, [&] { return relay.waiting.size() == 1; }));
    CHECK_FALSE(early.client->playing());

    auto source = file_messages("h264_aac_10s.flv");
    auto publisher = std::make_shared<client_connection>(io.get_executor());
    std::optional<client_result> published;
    std::size_t next = 0;
    bool sending = false;
    // Sends until 256 KiB wait in the socket, then resumes when the queue drains.
    auto pump = [&] {
        while (sending && next < source.size() && publisher->bytes_queued() < 256 * 1024) {
            REQUIRE(publisher->send(source[next++]));
        }
    };
    client_handlers ph;
    ph.on_drained = pump;
    ph.on_closed = [&](const client_result& r) { published = r; };
    publisher->start(url, rtmp::client_role::publish, ph);
    REQUIRE(run_until(io, [&] { return publisher->publishing() && early.client->playing(); }));
    CHECK(relay.late_decisions == 1);

    recorder late(io);
    late.start(url);
    REQUIRE(run_until(io, [&] { return late.client->playing(); }));

    sending = true;
    pump();
    const std::size_t media_count = source.size() - 1;  // all but onMetaData
    REQUIRE(run_until(io, [&] { return early.media.size() == media_count && late.media.size() == media_count; },
                      30s));
    CHECK(relay.publisher_batches > 1);
    for (auto* r : {&early, &late}) {
        REQUIRE(r->metadata.size() == 1);
        CHECK(r->metadata[0].body == rtmp::strip_set_data_frame(source[0])->body);
        for (std::size_t i = 0; i < media_count; ++i) {
            INFO(i);
            const auto& want = source[i + 1];
            REQUIRE(r->media[i].type_id == want.type_id);
            REQUIRE(r->media[i].timestamp == want.timestamp);
            REQUIRE(r->media[i].body == want.body);
        }
    }

    publisher->close();
    REQUIRE(run_until(io, [&] { return published && early.eof && late.eof; }));
    CHECK_FALSE(published->error);
    early.client->close();
    late.client->close();
    REQUIRE(run_until(io, [&] { return early.result && late.result && server.closes.size() == 3; }));
    CHECK_FALSE(early.result->error);
    CHECK_FALSE(late.result->error);
}
