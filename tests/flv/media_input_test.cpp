// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/flv/media_input.hpp>
#include <lal/flv/reader.hpp>
#include <lal/flv/tag.hpp>
#include <lal/flv/tag_form.hpp>

#include "data_path.hpp"
#include "hex.hpp"

using namespace lal::flv;
namespace media = lal::media;
using kind = lal::media::media_kind;
using type = lal::media::media_item::type;

namespace {
lal::payload bytes(const char* text) { return lal::payload::adopt(lal::test::hex(text)); }
}  // namespace

TEST_CASE("media_input: script data becomes metadata or data items carrying the AMF bytes", "[flv][media]") {
    media_input in;
    const auto meta = bytes("02 00 0a 6f 6e 4d 65 74 61 44 61 74 61 05");
    const auto m = in.convert(kind::metadata, 120, meta);
    CHECK(m.what == type::metadata);
    CHECK(m.frame.kind == kind::metadata);
    CHECK(m.frame.dts == 120'000);
    CHECK(m.frame.data.shares_storage_with(meta));
    CHECK(m.frame.data == meta);
    const auto d = in.convert(kind::data, 130, bytes("02 00 0a 6f 6e 54 65 78 74 44 61 74 61"));
    CHECK(d.what == type::data);
    CHECK(d.frame.kind == kind::data);
    // Script data needs no kept header: the AMF bytes are the whole tag body.
    CHECK(tag_form{}.encode(m).flatten() == [&] {
        auto flat = encode_tag({tag_type::script, 120, 0, meta});
        return std::vector<std::byte>(flat.bytes().begin(), flat.bytes().end());
    }());
}

TEST_CASE("media_input: each track's configuration is kept and attached to the frames after it", "[flv][media]") {
    media_input in;
    auto early = in.convert(kind::video, 0, bytes("27 01 00 00 00 00 00 00 01 41"));
    CHECK(early.what == type::frame);
    CHECK_FALSE(early.frame.config);  // none yet
    const auto avc = in.convert(kind::video, 0, bytes("17 00 00 00 00 01 4d 40 1e"));
    REQUIRE(avc.what == type::config);
    const auto asc = in.convert(kind::audio, 0, bytes("af 00 12 10"));
    REQUIRE(asc.what == type::config);
    CHECK(in.config(kind::video) == avc.config);
    CHECK(in.config(kind::audio) == asc.config);
    const auto key = in.convert(kind::video, 40, bytes("17 01 00 00 00 00 00 00 01 65"));
    CHECK(key.frame.config == avc.config);
    CHECK(key.config == avc.config);
    CHECK(in.convert(kind::audio, 40, bytes("af 01 21")).frame.config == asc.config);
    in.reset();
    CHECK_FALSE(in.config(kind::video));
    CHECK_FALSE(in.convert(kind::video, 80, bytes("27 01 00 00 00 00 00 00 01 41")).frame.config);
}

TEST_CASE("media_input: a body to_media cannot read passes through whole", "[flv][media]") {
    media_input in;
    for (auto [k, text] : {std::pair{kind::video, "17 01 00"}, std::pair{kind::audio, "af"},
                           std::pair{kind::video, ""}, std::pair{kind::video, "91 68 76 63 31 00"}}) {
        const auto body = bytes(text);
        const auto item = in.convert(k, 40, body);
        CHECK(item.what == type::other);
        CHECK(item.frame.kind == k);
        CHECK(item.frame.dts == 40'000);
        auto back = to_flv_body(item);
        REQUIRE(back.has_value());
        CHECK(back->flatten() == std::vector<std::byte>(body.bytes().begin(), body.bytes().end()));
    }
    // A truncated key frame still says it is one: players and the cache start there.
    CHECK(in.convert(kind::video, 0, bytes("17 01 00")).frame.keyframe);
}

TEST_CASE("media_input: a whole file converts once per tag and comes back as slices of each body", "[flv][media]") {
    reader r;
    REQUIRE_FALSE(r.feed(lal::test::read_data("media/h264_aac_10s.flv")));
    media_input in;
    int items = 0;
    while (auto t = r.next()) {
        const auto k = t->type == tag_type::video   ? kind::video
                       : t->type == tag_type::audio ? kind::audio
                                                    : kind::metadata;
        const auto item = in.convert(k, t->timestamp, t->data);
        auto back = to_flv_body(item);
        REQUIRE(back.has_value());
        // The kept header and the data: no media byte copied.
        for (const auto& piece : back->pieces()) CHECK(piece.shares_storage_with(t->data));
        CHECK(back->flatten() == std::vector<std::byte>(t->data.bytes().begin(), t->data.bytes().end()));
        ++items;
    }
    CHECK(items > 600);
}
