// SPDX-License-Identifier: MIT
// The server's real output forms through the hub: RTMP chunks and FLV tags as
// header bytes plus slices of the one body, byte-identical to the flat encoders.
#include <catch2/catch.hpp>

#include <malloc.h>

#include <lal/flv/frame_class.hpp>
#include <lal/flv/reader.hpp>
#include <lal/flv/tag.hpp>
#include <lal/flv/tag_form.hpp>
#include <lal/rtmp/chunk_encoder.hpp>
#include <lal/rtmp/chunks_form.hpp>

#include "data_path.hpp"
#include "hub_fixtures.hpp"

using namespace lal::hub;
using namespace lal::hub::test;
namespace media = lal::media;
namespace flv = lal::flv;

namespace {

constexpr std::uint32_t chunk_size = 128;

lal::payload key_frame(std::size_t size) {
    auto bytes = lal::test::hex("17 01 00 00 00");
    for (std::size_t i = bytes.size(); i < size; ++i) bytes.push_back(static_cast<std::byte>(i * 7));
    return lal::payload::adopt(std::move(bytes));
}

/// Bytes of `w` that are not slices of `body`: what the form adds to the frame.
std::size_t own_bytes(const media::wire_form& w, const lal::payload& body) {
    std::size_t n = 0;
    for (const auto& p : w.pieces()) {
        if (!p.shares_storage_with(body)) n += p.size();
    }
    return n;
}

}  // namespace

TEST_CASE("sliced RTMP and FLV forms share storage with the frame's body and match the flat encoders",
          "[hub][forms]") {
    output_forms forms;
    const auto rtmp = forms.add("rtmp_chunks", std::make_unique<lal::rtmp::chunks_form>(chunk_size));
    const auto tags = forms.add("flv_tag", std::make_unique<flv::tag_form>());
    manual_executor worker;
    registry h(hub_options{}, forms, {&worker}, [] { return std::uint64_t{0}; });
    recording_publisher pub;
    recording_sink rtmp_player(rtmp), flv_player(tags);
    auto s1 = h.subscribe({"live", "s"}, rtmp_player, rtmp, 1, 0);
    auto s2 = h.subscribe({"live", "s"}, flv_player, tags, 1, 0);
    auto p = h.publish({"live", "s"}, pub);
    REQUIRE(p.has_value());
    const auto body = key_frame(1000);  // 8 chunks of 128 bytes
    feed(**p, media_kind::video, 0x1000000 + 40, body);  // an extended timestamp too
    (*p)->flush();
    worker.run();

    auto cached = h.find({"live", "s"})->stats();
    CHECK(cached.frames_in == 1);
    REQUIRE(rtmp_player.frames.size() == 1);
    REQUIRE(flv_player.frames.size() == 1);

    // The frame the players got is the one the cache holds: rebuild it from the join snapshot.
    recording_sink late(rtmp);
    auto s3 = h.subscribe({"live", "s"}, late, rtmp, 1, 0);
    REQUIRE(late.frames.size() == 1);
    CHECK(late.frames[0].bytes.shares_storage_with(rtmp_player.frames[0].bytes));  // encoded once

    // Byte-identical to the flat encoders.
    lal::rtmp::message m{9, 0x1000000 + 40, 1, 0, body};
    frame f(item_of(media_kind::video, 0x1000000 + 40, body), &forms);
    const auto& chunks = f.encoded(rtmp);
    const auto flat_chunks = lal::rtmp::encode_chunks(m, lal::rtmp::default_chunk_stream(9), chunk_size);
    CHECK(chunks.flatten() == std::vector<std::byte>(flat_chunks.bytes().begin(), flat_chunks.bytes().end()));
    const auto& tag = f.encoded(tags);
    const auto flat_tag = flv::encode_tag({flv::tag_type::video, 0x1000000 + 40, 0, body});
    CHECK(tag.flatten() == std::vector<std::byte>(flat_tag.bytes().begin(), flat_tag.bytes().end()));

    // The media bytes are held once: each form adds only its headers, and
    // copies the 5-byte FLV video header next to them (no extra piece for it).
    CHECK(own_bytes(chunks, body) == 16 + 5 + 7 * 5);  // type 0 (12 + 4 extended) + 7 type 3 (1 + 4)
    CHECK(chunks.pieces().size() == 16);
    CHECK(own_bytes(tag, body) == 11 + 5 + 4);
    CHECK(tag.pieces().size() == 3);
    std::size_t sliced = 0;
    for (const auto& piece : chunks.pieces()) sliced += piece.shares_storage_with(body) ? piece.size() : 0;
    CHECK(sliced == body.size() - 5);
}

TEST_CASE("small bodies are copied into one piece: cheaper than slicing them", "[hub][forms]") {
    const auto body = aac_raw();
    const auto chunks = lal::rtmp::encode_chunk_pieces({8, 0, 1, 0, body}, 4, chunk_size);
    REQUIRE(chunks.pieces().size() == 1);
    CHECK_FALSE(chunks.pieces()[0].shares_storage_with(body));
    CHECK(chunks.pieces()[0] == lal::rtmp::encode_chunks({8, 0, 1, 0, body}, 4, chunk_size));
    const auto tag = flv::encode_tag_pieces({flv::tag_type::audio, 0, 0, body});
    REQUIRE(tag.pieces().size() == 1);
    CHECK(tag.pieces()[0] == flv::encode_tag({flv::tag_type::audio, 0, 0, body}));
}

TEST_CASE("Enhanced RTMP HEVC and legacy codec id 12 pass through the hub alike", "[hub][classify]") {
    hub_options o;
    o.cache_gops = 1;
    counting_forms forms;
    manual_executor worker;
    registry h(o, forms.forms, {&worker}, [] { return std::uint64_t{0}; });
    for (bool enhanced : {false, true}) {
        const stream_key k{"live", enhanced ? "ex" : "legacy"};
        recording_publisher pub;
        auto p = h.publish(k, pub);
        REQUIRE(p.has_value());
        auto hdr = lal::payload::adopt(lal::test::hex(enhanced ? "90 68 76 63 31 01" : "1c 00 00 00 00 01"));
        auto key = lal::payload::adopt(lal::test::hex(enhanced ? "91 68 76 63 31 00 00 00 26 01" : "1c 01 00 00 00 26 01"));
        auto inter = lal::payload::adopt(lal::test::hex(enhanced ? "a3 68 76 63 31 02 01" : "2c 01 00 00 00 02 01"));
        feed(**p, media_kind::video, 0, inter);  // before any key frame: not cached
        feed(**p, media_kind::video, 0, hdr);
        feed(**p, media_kind::video, 40, key);
        feed(**p, media_kind::video, 80, inter);
        (*p)->flush();
        worker.run();
        recording_sink player;
        auto sub = h.subscribe(k, player, rtmp_form, 1, 0);
        REQUIRE(player.frames.size() == 3);
        CHECK(player.frames[0].is_config);
        CHECK(player.frames[1].keyframe);
        CHECK(player.frames[1].timestamp == 40);
        CHECK_FALSE(player.frames[2].keyframe);
    }
}

TEST_CASE("a GOP cached with both forms encoded costs about its media bytes", "[hub][forms][memory]") {
    // A real clip (640x360 H.264 + AAC) through the hub with the server's
    // forms at the server's default chunk size, both encoded for every frame.
    struct holding_sink : subscriber_sink {
        explicit holding_sink(form_index f) : form(f) {
            bodies.reserve(1000);
            forms.reserve(1000);
        }
        void start() override {}
        void stop() override {}
        void send(const frame& f) override {
            bodies.push_back(f.data());
            forms.push_back(&f.encoded(form));
        }
        std::size_t queued_bytes() const override { return 0; }
        std::uint64_t written_bytes() const override { return 0; }
        void close(std::string_view) override {}
        form_index form;
        std::vector<lal::payload> bodies;
        std::vector<const media::wire_form*> forms;
    };
    output_forms forms;
    const auto rtmp = forms.add("rtmp_chunks", std::make_unique<lal::rtmp::chunks_form>(4096));
    const auto tags = forms.add("flv_tag", std::make_unique<flv::tag_form>());
    manual_executor worker;
    hub_options o;
    o.cache_gops = 1;
    registry h(o, forms, {&worker}, [] { return std::uint64_t{0}; });
    recording_publisher pub;
    auto p = h.publish({"live", "clip"}, pub);
    REQUIRE(p.has_value());
    flv::reader r;
    REQUIRE_FALSE(r.feed(lal::test::read_data("media/h264_aac_10s.flv")));
    std::size_t tags_read = 0;
    while (auto t = r.next()) {
        if (t->type == flv::tag_type::script) continue;
        feed(**p, t->type == flv::tag_type::video ? media_kind::video : media_kind::audio, t->timestamp, t->data);
        (*p)->flush();
        ++tags_read;
        // Stop inside the last GOP of the clip, as a player joining mid-GOP would find it.
        if (tags_read == 600) break;
    }
    holding_sink rtmp_player(rtmp), flv_player(tags);
    const auto heap_before = mallinfo2().uordblks;
    auto s1 = h.subscribe({"live", "clip"}, rtmp_player, rtmp, 1, 0);
    auto s2 = h.subscribe({"live", "clip"}, flv_player, tags, 1, 0);
    const auto heap_after = mallinfo2().uordblks;
    REQUIRE(rtmp_player.bodies.size() > 20);

    std::size_t media_bytes = 0, form_bytes = 0;
    for (std::size_t i = 0; i < rtmp_player.bodies.size(); ++i) {
        const auto& body = rtmp_player.bodies[i];
        media_bytes += body.size();
        form_bytes += own_bytes(*rtmp_player.forms[i], body) + own_bytes(*flv_player.forms[i], body);
    }
    INFO("media bytes " << media_bytes << ", bytes the two forms add " << form_bytes << ", heap " << heap_after - heap_before);
    // Flat forms would add about twice the media bytes; the sliced ones add
    // their headers (a few %), plus the bookkeeping of the pieces (heap, glibc
    // only: sanitizer builds report no growth).
    CHECK(form_bytes * 20 < media_bytes);
    const auto heap = static_cast<std::int64_t>(heap_after) - static_cast<std::int64_t>(heap_before);
    CHECK(heap < static_cast<std::int64_t>(media_bytes / 2));
}

TEST_CASE("items the model cannot read pass through both forms byte for byte", "[hub][forms]") {
    const lal::rtmp::chunks_form rtmp(chunk_size);
    const flv::tag_form tags;
    // Truncated AVC, Speex (other_audio), a command frame, an empty body.
    for (auto [kind, text] : {std::pair{media_kind::video, "17 01 00"}, std::pair{media_kind::audio, "b2 01 02 03"},
                              std::pair{media_kind::video, "57 00"}, std::pair{media_kind::video, ""}}) {
        const auto body = lal::payload::adopt(lal::test::hex(text));
        const auto item = item_of(kind, 80, body);
        const auto type = flv::message_type_of(kind);
        const auto flat = lal::rtmp::encode_chunks({type, 80, 1, 0, body}, lal::rtmp::default_chunk_stream(type),
                                                   chunk_size);
        CHECK(rtmp.encode(item).flatten() == std::vector<std::byte>(flat.bytes().begin(), flat.bytes().end()));
        const auto tag = flv::encode_tag({static_cast<flv::tag_type>(type), 80, 0, body});
        CHECK(tags.encode(item).flatten() == std::vector<std::byte>(tag.bytes().begin(), tag.bytes().end()));
    }
}

TEST_CASE("an item without a kept header is chunked from the pieces its FLV body is built of", "[hub][forms]") {
    // A frame from a non-FLV input: the FLV header is built, the data sliced.
    auto item = item_of(media_kind::video, 40, key_frame(1000));
    item.header = {};
    item.source = media::container::none;
    const auto body = flv::to_flv_body(item);
    REQUIRE(body.has_value());
    REQUIRE(body->pieces().size() == 2);  // a built header, then the data
    const auto flat_body = lal::payload::copy_from(body->flatten());
    const auto flat =
        lal::rtmp::encode_chunks({9, 40, 1, 0, flat_body}, lal::rtmp::default_chunk_stream(9), chunk_size);
    const auto chunks = lal::rtmp::chunks_form(chunk_size).encode(item);
    CHECK(chunks.flatten() == std::vector<std::byte>(flat.bytes().begin(), flat.bytes().end()));
    std::size_t sliced = 0;
    for (const auto& piece : chunks.pieces()) sliced += piece.shares_storage_with(item.frame.data) ? piece.size() : 0;
    CHECK(sliced == item.frame.data.size());  // the media bytes are not copied
    const auto tag = flv::encode_tag({flv::tag_type::video, 40, 0, flat_body});
    CHECK(flv::tag_form{}.encode(item).flatten() == std::vector<std::byte>(tag.bytes().begin(), tag.bytes().end()));
}

TEST_CASE("chunking from pieces: long leading pieces are sliced, chunks straddle pieces, tiny chunk sizes",
          "[hub][forms]") {
    const auto a = lal::payload::adopt(std::vector<std::byte>(20, std::byte{0xaa}));
    const auto b = lal::payload::adopt(std::vector<std::byte>(300, std::byte{0xbb}));
    const auto c = lal::payload::adopt(std::vector<std::byte>(3, std::byte{0xcc}));
    for (std::uint32_t size : {1u, 4u, 7u, 128u, 4096u}) {
        media::wire_form body;
        for (const auto& p : {c, a, b, c}) body.add(p);
        const auto flat = lal::payload::copy_from(body.flatten());
        const lal::rtmp::message head{9, 0x1000000, 1, 0, {}};
        const auto chunks = lal::rtmp::encode_chunk_pieces(head, body.pieces(), 6, size);
        const auto expected = lal::rtmp::encode_chunks({9, 0x1000000, 1, 0, flat}, 6, size);
        INFO("chunk size " << size);
        CHECK(chunks.flatten() == std::vector<std::byte>(expected.bytes().begin(), expected.bytes().end()));
        std::size_t sliced = 0;
        for (const auto& piece : chunks.pieces()) {
            sliced += piece.shares_storage_with(a) || piece.shares_storage_with(b) ? piece.size() : 0;
        }
        CHECK(sliced == a.size() + b.size());  // only the short lead may be copied
    }
}
