// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/rtmp/command.hpp>
#include <lal/rtmp/error.hpp>

#include "amf0_hex.hpp"
#include "hex.hpp"
#include "rtmp_test_util.hpp"

using namespace lal::rtmp;
using namespace lal::rtmp::test::amf;
using lal::test::hex;
using lal::test::to_hex;

namespace {

std::string body_of(const message& m) { return to_hex(m.body.bytes()); }
std::string lower(const std::string& h) { return to_hex(hex(h)); }

void check_command(const message& m, std::uint32_t msid, const std::string& expected_hex) {
    CHECK(m.type_id == message_type::command_amf0);
    CHECK(m.chunk_stream_id == chunk_stream::command);
    CHECK(m.message_stream_id == msid);
    CHECK(body_of(m) == lower(expected_hex));
}

}  // namespace

TEST_CASE("connect has the encoder and the player command objects", "[rtmp][command]") {
    connect_params p;
    p.app = "live?token=1";
    p.tc_url = "rtmp://127.0.0.1:1935/live?token=1";
    check_command(make_connect(p), 0,
                  str("connect") + num(one) +
                      object({{"app", str("live?token=1")},
                              {"type", str("nonprivate")},
                              {"flashVer", str("FMLE/3.0 (compatible; lal)")},
                              {"tcUrl", str("rtmp://127.0.0.1:1935/live?token=1")},
                              {"objectEncoding", num(zero)}}));
    p.publish = false;
    p.flash_ver = "LNX 9,0,124,2";
    check_command(make_connect(p, 3), 0,
                  str("connect") + num(three) +
                      object({{"app", str("live?token=1")},
                              {"flashVer", str("LNX 9,0,124,2")},
                              {"tcUrl", str("rtmp://127.0.0.1:1935/live?token=1")},
                              {"fpad", boolean(false)},
                              {"capabilities", num(fifteen)},
                              {"audioCodecs", num(n3191)},
                              {"videoCodecs", num(n252)},
                              {"videoFunction", num(one)},
                              {"objectEncoding", num(zero)}}));
}

TEST_CASE("connect answers: _result Connect.Success and _error Connect.Rejected", "[rtmp][command]") {
    check_command(make_connect_result(1, "FMS/3,0,1,123", 0), 0,
                  str("_result") + num(one) +
                      object({{"fmsVer", str("FMS/3,0,1,123")}, {"capabilities", num(thirty_one)}, {"mode", num(one)}}) +
                      object({{"level", str("status")},
                              {"code", str("NetConnection.Connect.Success")},
                              {"description", str("Connection succeeded.")},
                              {"objectEncoding", num(zero)}}));
    check_command(make_connect_rejected(1, "no such app"), 0,
                  str("_error") + num(one) + null +
                      object({{"level", str("error")},
                              {"code", str("NetConnection.Connect.Rejected")},
                              {"description", str("no such app")}}));
    check_command(make_command_error(5, "NetConnection.Call.Failed", "unknown command x", 1), 1,
                  str("_error") + num(five) + null +
                      object({{"level", str("error")},
                              {"code", str("NetConnection.Call.Failed")},
                              {"description", str("unknown command x")}}));
}

TEST_CASE("stream commands have their RTMP 7.2 encodings", "[rtmp][command]") {
    check_command(make_release_stream(2, "test?k=v"), 0, str("releaseStream") + num(two) + null + str("test?k=v"));
    check_command(make_fc_publish(3, "test"), 0, str("FCPublish") + num(three) + null + str("test"));
    check_command(make_create_stream(4), 0, str("createStream") + num(four) + null);
    check_command(make_create_stream_result(4, 1), 0, str("_result") + num(four) + null + num(one));
    check_command(make_publish(5, 1, "test?k=v", "live"), 1,
                  str("publish") + num(five) + null + str("test?k=v") + str("live"));
    check_command(make_publish(0, 1, "rec", "record"), 1, str("publish") + num(zero) + null + str("rec") + str("record"));
    check_command(make_play(0, 1, "test", -2, -1), 1,
                  str("play") + num(zero) + null + str("test") + num(minus_two) + num(minus_one));
    check_command(make_play(4, 1, "test", -1000, -1), 1,
                  str("play") + num(four) + null + str("test") + num(minus_thousand) + num(minus_one));
    check_command(make_delete_stream(6, 1), 0, str("deleteStream") + num("4018000000000000") + null + num(one));
    check_command(make_fc_unpublish(5, "test"), 0, str("FCUnpublish") + num(five) + null + str("test"));
    check_command(make_close_stream(1), 1, str("closeStream") + num(zero) + null);
    check_command(make_get_stream_length(3, 1, "test"), 1, str("getStreamLength") + num(three) + null + str("test"));
    check_command(make_stream_length_result(3, 0), 0, str("_result") + num(three) + null + num(zero));
    check_command(make_result(2, amf0::null{}, amf0::undefined{}), 0, str("_result") + num(two) + null + undefined);
}

TEST_CASE("onStatus, onBWDone, onFCPublish and data messages", "[rtmp][command]") {
    struct expected_status {
        std::string_view level, code;
    };
    for (auto [level, code] :
         {expected_status{status::level_status, status::publish_start},
          expected_status{status::level_error, status::publish_bad_name},
          expected_status{status::level_status, status::unpublish_success},
          expected_status{status::level_status, status::play_reset},
          expected_status{status::level_status, status::play_start},
          expected_status{status::level_error, status::play_stream_not_found},
          expected_status{status::level_status, status::play_unpublish_notify},
          expected_status{status::level_status, status::play_publish_notify}}) {
        INFO(code);
        check_command(make_on_status(1, level, code, "d"), 1,
                      str("onStatus") + num(zero) + null +
                          object({{"level", str(level)}, {"code", str(code)}, {"description", str("d")}}));
    }
    CHECK(status::connect_success == "NetConnection.Connect.Success");
    CHECK(status::connect_rejected == "NetConnection.Connect.Rejected");
    CHECK(status::publish_bad_name == "NetStream.Publish.BadName");
    CHECK(status::play_stream_not_found == "NetStream.Play.StreamNotFound");
    check_command(make_on_bw_done(), 0, str("onBWDone") + num(zero) + null);
    check_command(make_on_fc_publish(status::publish_start, "test"), 0,
                  str("onFCPublish") + num(zero) + null +
                      object({{"code", str("NetStream.Publish.Start")}, {"description", str("test")}}));

    auto access = make_rtmp_sample_access(1);
    CHECK(access.type_id == message_type::data_amf0);
    CHECK(access.message_stream_id == 1);
    CHECK(body_of(access) == lower(str("|RtmpSampleAccess") + boolean(true) + boolean(true)));
    CHECK(body_of(make_data_start(1)) == lower(str("onStatus") + object({{"code", str("NetStream.Data.Start")}})));
}

TEST_CASE("@setDataFrame is stripped to a plain onMetaData that shares the body", "[rtmp][command]") {
    auto metadata_hex = str("onMetaData") + "08 00000001" + utf8("width") + num(two) + "000009";
    message with_frame;
    with_frame.type_id = message_type::data_amf0;
    with_frame.timestamp = 0;
    with_frame.message_stream_id = 1;
    with_frame.chunk_stream_id = 4;
    with_frame.body = lal::payload::copy_from(hex(str("@setDataFrame") + metadata_hex));
    CHECK(is_metadata(with_frame));
    auto plain = strip_set_data_frame(with_frame);
    REQUIRE(plain);
    CHECK(body_of(*plain) == lower(metadata_hex));
    CHECK(plain->body.shares_storage_with(with_frame.body));
    CHECK(plain->message_stream_id == 1);
    CHECK(is_metadata(*plain));
    CHECK_FALSE(strip_set_data_frame(*plain));
    // And back: what a publisher sends.
    CHECK(make_set_data_frame(*plain).body == with_frame.body);

    message cue = with_frame;
    cue.body = lal::payload::copy_from(hex(str("onCuePoint") + null));
    CHECK_FALSE(is_metadata(cue));
    cue.type_id = message_type::audio;
    CHECK_FALSE(strip_set_data_frame(cue));
}

TEST_CASE("commands parse back, AMF3 command bodies and odd trailing values included", "[rtmp][command]") {
    auto m = make_play(4, 1, "test?x=1", -1000, -1);
    auto c = parse_command(m);
    REQUIRE(c.has_value());
    CHECK(c->name == "play");
    CHECK(c->transaction_id == 4);
    CHECK(c->object.is_null());
    REQUIRE(c->args.size() == 3);
    CHECK(c->arg(0)->as_string() == "test?x=1");
    CHECK(c->arg(1)->as_number() == -1000);
    CHECK(c->arg(3) == nullptr);

    // Type 17 (AMF3 command) starts with a format byte 0 then AMF0 values.
    message amf3 = m;
    amf3.type_id = message_type::command_amf3;
    amf3.body = lal::payload::copy_from(hex("00" + str("createStream") + num(two) + null));
    auto c3 = parse_command(amf3);
    REQUIRE(c3.has_value());
    CHECK(c3->name == "createStream");
    CHECK(c3->transaction_id == 2);

    // A value that does not decode ends the arguments; the command survives.
    message odd = m;
    odd.body = lal::payload::copy_from(hex(str("FCPublish") + num(three) + null + str("s") + "11 0a0b"));
    auto co = parse_command(odd);
    REQUIRE(co.has_value());
    CHECK(co->args.size() == 1);

    // Only a name is required.
    odd.body = lal::payload::copy_from(hex(str("onBWDone")));
    CHECK(parse_command(odd).value().transaction_id == 0);

    for (const char* bad : {"", "00 3ff0000000000000", "02 00", "0d"}) {
        odd.body = lal::payload::copy_from(hex(bad));
        CHECK(parse_command(odd).error() == errc::bad_command);
    }
}

TEST_CASE("query strings split at the first question mark", "[rtmp][command]") {
    CHECK(split_query("test") == std::pair<std::string, std::string>{"test", ""});
    CHECK(split_query("test?a=1&b=2") == std::pair<std::string, std::string>{"test", "a=1&b=2"});
    CHECK(split_query("live?x?y") == std::pair<std::string, std::string>{"live", "x?y"});
    CHECK(split_query("?q") == std::pair<std::string, std::string>{"", "q"});
}

TEST_CASE("fourCcList: read from connect, answered as intersection or wildcard", "[rtmp][command][enhanced]") {
    connect_params p;
    p.app = "live";
    p.fourcc_list = {"hvc1", "Opus"};
    auto cmd = parse_command(make_connect(p, 1));
    REQUIRE(cmd.has_value());
    REQUIRE(cmd->object.as_object() != nullptr);
    CHECK(fourcc_list_of(*cmd->object.as_object()) == std::vector<std::string>{"hvc1", "Opus"});
    CHECK(fourcc_list_of(lal::flv::amf0::object{{"fourCcList", "hvc1"}}).empty());  // not an array
    const std::vector<std::string> supported = {"av01", "hvc1", "Opus"};
    CHECK(answer_fourcc_list({"vp09", "Opus", "hvc1", "hvc1"}, supported) == std::vector<std::string>{"Opus", "hvc1"});
    CHECK(answer_fourcc_list({"*"}, supported) == supported);
    CHECK(answer_fourcc_list({}, supported).empty());
}

TEST_CASE("a redirect is onStatus Connect.Rejected with ex.code 302 and ex.redirect", "[rtmp][command]") {
    const std::string url = "rtmp://10.0.0.2:1935/live/x";
    check_command(make_redirect_status(1, url), 1,
                  str("onStatus") + num(zero) + null +
                      object({{"level", str("error")},
                              {"code", str("NetConnection.Connect.Rejected")},
                              {"description", str("RTMP 302 Redirect to " + url)},
                              {"ex", object({{"code", num("4072e00000000000")}, {"redirect", str(url)}})}}));
}
