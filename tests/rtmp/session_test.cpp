// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/rtmp/chunk_decoder.hpp>
#include <lal/rtmp/client_session.hpp>
#include <lal/rtmp/error.hpp>
#include <lal/rtmp/server_session.hpp>

#include "hex.hpp"
#include "rtmp_test_util.hpp"
#include "session_harness.hpp"

using namespace lal::rtmp;
using lal::rtmp::test::events_of;
using lal::rtmp::test::make_message;
using lal::rtmp::test::patterned_message;
using lal::rtmp::test::pseudo_random;
using lal::rtmp::test::pump;

namespace {

client_options publisher_options() {
    client_options o;
    o.app = "live";
    o.tc_url = "rtmp://127.0.0.1:1935/live";
    o.stream_name = "test?key=abc";
    o.role = client_role::publish;
    return o;
}

client_options player_options() {
    auto o = publisher_options();
    o.stream_name = "test";
    o.role = client_role::play;
    return o;
}

struct connection {
    explicit connection(client_options options, server_options sopts = {})
        : client(std::move(options), pseudo_random(1), 100), server(std::move(sopts), pseudo_random(2), 200) {}
    client_session client;
    server_session server;
    std::vector<client_event> client_seen;
    std::vector<server_event> server_seen;
    void run(const lal::rtmp::test::server_policy& policy = lal::rtmp::test::accept_all) {
        pump(client, server, client_seen, server_seen, policy);
    }
};

message metadata_message() {
    // onMetaData {width: 2}
    auto m = make_message(message_type::data_amf0, 0, 0, 0,
                          "02000a6f6e4d65746144617461 08 00000001 0005 7769647468 00 4000000000000000 000009");
    return m;
}

}  // namespace

TEST_CASE("a client publishes to a server: connect, createStream, publish, media, unpublish", "[rtmp][session]") {
    connection c(publisher_options());
    c.run();
    REQUIRE_FALSE(c.client.error());
    REQUIRE_FALSE(c.server.error());
    CHECK(c.server.handshake_done());
    CHECK(c.server.handshake_mode_used() == handshake_mode::digest_scheme_0);
    CHECK(c.client.handshake_verified());

    auto connects = events_of<server_events::connect>(c.server_seen);
    REQUIRE(connects.size() == 1);
    CHECK(connects[0].app == "live");
    CHECK(connects[0].tc_url == "rtmp://127.0.0.1:1935/live");
    CHECK(connects[0].query.empty());
    CHECK(connects[0].command_object.get("type")->as_string() == "nonprivate");
    auto publishes = events_of<server_events::publish>(c.server_seen);
    REQUIRE(publishes.size() == 1);
    CHECK(publishes[0].app == "live");
    CHECK(publishes[0].stream_name == "test");
    CHECK(publishes[0].query == "key=abc");
    CHECK(publishes[0].type == "live");
    CHECK(publishes[0].stream_id == 1);

    REQUIRE(events_of<client_events::connected>(c.client_seen).size() == 1);
    auto created = events_of<client_events::stream_created>(c.client_seen);
    REQUIRE(created.size() == 1);
    CHECK(created[0].stream_id == 1);
    REQUIRE(events_of<client_events::publish_started>(c.client_seen).size() == 1);
    CHECK(c.client.publishing());
    CHECK(c.server.out_chunk_size() == 4096);

    // Metadata with @setDataFrame, then audio and video bigger than a chunk.
    CHECK(c.client.send(make_set_data_frame(metadata_message())));
    auto video = patterned_message(message_type::video, 40, 0, 0, 10000);
    auto audio = patterned_message(message_type::audio, 46, 0, 0, 300);
    CHECK(c.client.send(video));
    CHECK(c.client.send(audio));
    c.server_seen.clear();
    c.run();
    auto metas = events_of<server_events::metadata>(c.server_seen);
    REQUIRE(metas.size() == 1);
    CHECK(metas[0].msg.body == metadata_message().body);
    CHECK(metas[0].msg.message_stream_id == 1);
    auto media = events_of<server_events::media>(c.server_seen);
    REQUIRE(media.size() == 2);
    CHECK(media[0].msg.body == video.body);
    CHECK(media[0].msg.timestamp == 40);
    CHECK(media[0].msg.type_id == message_type::video);
    CHECK(media[1].msg.body == audio.body);
    CHECK(media[1].msg.timestamp == 46);

    c.client.close();
    CHECK(c.client.wants_close());
    c.server_seen.clear();
    c.run();
    auto gone = events_of<server_events::unpublish>(c.server_seen);
    REQUIRE(gone.size() == 1);
    CHECK(gone[0].stream_name == "test");
    CHECK(gone[0].stream_id == 1);
}

TEST_CASE("a client plays from a server: play answers, pre-encoded and session-encoded media", "[rtmp][session]") {
    connection c(player_options());
    c.run();
    auto plays = events_of<server_events::play>(c.server_seen);
    REQUIRE(plays.size() == 1);
    CHECK(plays[0].stream_name == "test");
    CHECK(plays[0].start == -2);
    CHECK(plays[0].stream_id == 1);
    REQUIRE(events_of<client_events::play_started>(c.client_seen).size() == 1);
    auto statuses = events_of<client_events::status>(c.client_seen);
    REQUIRE_FALSE(statuses.empty());
    CHECK(statuses[0].code == "NetStream.Play.Reset");
    CHECK(c.client.playing());

    // One message encoded once (as a hub would), then the same kind through send().
    auto meta = metadata_message();
    meta.message_stream_id = 1;
    auto v1 = patterned_message(message_type::video, 1000, 1, 0, 9000, 1);
    auto v2 = patterned_message(message_type::video, 1040, 1, 0, 9000, 2);
    auto a1 = patterned_message(message_type::audio, 1003, 1, 0, 200, 3);
    auto shared = encode_chunks(v1, chunk_stream::video, c.server.out_chunk_size());
    c.server.send_encoded(encode_chunks(meta, chunk_stream::data, c.server.out_chunk_size()));
    c.server.send_encoded(shared);
    c.server.send(a1);
    c.server.send(v2);  // same chunk stream as the pre-encoded video: must not lean on stale state
    c.server.send_encoded(encode_chunks(v1, chunk_stream::video, c.server.out_chunk_size()));
    CHECK(shared.use_count() >= 2);  // queued as is, not copied
    c.client_seen.clear();
    c.run();
    auto metas = events_of<client_events::metadata>(c.client_seen);
    REQUIRE(metas.size() == 1);
    CHECK(metas[0].msg.body == meta.body);
    auto media = events_of<client_events::media>(c.client_seen);
    REQUIRE(media.size() == 4);
    CHECK(media[0].msg.body == v1.body);
    CHECK(media[0].msg.timestamp == 1000);
    CHECK(media[1].msg.body == a1.body);
    CHECK(media[1].msg.timestamp == 1003);
    CHECK(media[2].msg.body == v2.body);
    CHECK(media[2].msg.timestamp == 1040);
    CHECK(media[3].msg.body == v1.body);
    CHECK(media[3].msg.timestamp == 1000);

    c.server.send_unpublish_notify(1);
    c.client_seen.clear();
    c.run();
    auto after = events_of<client_events::status>(c.client_seen);
    REQUIRE(after.size() == 1);
    CHECK(after[0].code == "NetStream.Play.UnpublishNotify");
    REQUIRE(events_of<client_events::stream_eof>(c.client_seen).size() == 1);

    c.server.send_publish_notify(1);
    c.server.send_stream_eof(1);
    c.client_seen.clear();
    c.run();
    REQUIRE(c.client_seen.size() == 2);
    CHECK(std::get<client_events::status>(c.client_seen[0]).code == "NetStream.Play.PublishNotify");
    CHECK(std::get<client_events::stream_eof>(c.client_seen[1]).stream_id == 1);

    c.client.close();
    c.server_seen.clear();
    c.run();
    REQUIRE(events_of<server_events::stop_play>(c.server_seen).size() == 1);
}

TEST_CASE("rejections reach the client with their code and description", "[rtmp][session]") {
    SECTION("connect rejected") {
        connection c(publisher_options());
        c.run([](server_session& s, const server_event& ev) {
            if (std::holds_alternative<server_events::connect>(ev)) s.reject_connect("app not allowed");
        });
        CHECK(c.server.wants_close());
        auto failed = events_of<client_events::failed>(c.client_seen);
        REQUIRE(failed.size() == 1);
        CHECK(failed[0].error == errc::connect_rejected);
        CHECK(failed[0].code == "NetConnection.Connect.Rejected");
        CHECK(failed[0].description == "app not allowed");
        CHECK(c.client.wants_close());
    }
    SECTION("publish of a stream that is already live") {
        connection c(publisher_options());
        c.run([](server_session& s, const server_event& ev) {
            if (std::holds_alternative<server_events::connect>(ev)) s.accept_connect();
            if (auto* p = std::get_if<server_events::publish>(&ev)) {
                s.reject_publish(*p, status::publish_bad_name, "test is already published");
            }
        });
        auto failed = events_of<client_events::failed>(c.client_seen);
        REQUIRE(failed.size() == 1);
        CHECK(failed[0].error == errc::publish_rejected);
        CHECK(failed[0].code == "NetStream.Publish.BadName");
        CHECK(failed[0].description == "test is already published");
        CHECK_FALSE(c.client.publishing());
        CHECK_FALSE(c.server.wants_close());  // the server session stays usable
    }
    SECTION("play of a stream that does not exist") {
        connection c(player_options());
        c.run([](server_session& s, const server_event& ev) {
            if (std::holds_alternative<server_events::connect>(ev)) s.accept_connect();
            if (auto* p = std::get_if<server_events::play>(&ev)) {
                s.reject_play(*p, status::play_stream_not_found, "no stream test");
            }
        });
        auto failed = events_of<client_events::failed>(c.client_seen);
        REQUIRE(failed.size() == 1);
        CHECK(failed[0].error == errc::play_rejected);
        CHECK(failed[0].code == "NetStream.Play.StreamNotFound");
        CHECK(failed[0].description == "no stream test");
    }
}

TEST_CASE("a publish waits for the server's decision before the client hears back", "[rtmp][session]") {
    connection c(publisher_options());
    std::vector<server_events::publish> held;
    c.run([&](server_session& s, const server_event& ev) {
        if (std::holds_alternative<server_events::connect>(ev)) s.accept_connect();
        if (auto* p = std::get_if<server_events::publish>(&ev)) held.push_back(*p);
    });
    REQUIRE(held.size() == 1);
    CHECK(c.server.decision_pending());
    CHECK(c.client_seen.size() == 2);  // connected, stream_created; no publish_started yet
    c.server.accept_publish(held[0]);
    c.run();
    CHECK(c.client.publishing());
}
