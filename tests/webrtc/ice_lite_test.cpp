// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/webrtc/ice_lite.hpp>

#include "hex.hpp"

using lal::test::hex;
namespace stun = lal::stun;
namespace webrtc = lal::webrtc;

namespace {

const webrtc::ice_credentials local{"lalU", "0123456789abcdefABCDEF01"};
const stun::transaction_id tid{std::byte{1}, std::byte{2}, std::byte{3}, std::byte{4}, std::byte{5}, std::byte{6},
                               std::byte{7}, std::byte{8}, std::byte{9}, std::byte{10}, std::byte{11}, std::byte{12}};
const stun::transport_address peer{false, {127, 0, 0, 1}, 50000};

// A check as a controlling browser sends it (RFC 8445 7.2.2, 7.2.5.2.1).
std::vector<std::byte> check(std::string_view user, std::string_view pwd, bool nominate, bool controlled = false) {
    stun::message_builder b(stun::method::binding, stun::message_class::request, tid);
    b.add_username(user).add_priority(1845501695);
    b.add_tie_breaker(controlled ? stun::attr::ice_controlled : stun::attr::ice_controlling, 42);
    if (nominate) b.add_use_candidate();
    return b.finish(lal::as_byte_span(pwd), true);
}

webrtc::ice_outcome answer(webrtc::ice_lite_responder& r, const std::vector<std::byte>& datagram) {
    auto m = stun::parse(datagram);
    REQUIRE(m);
    return r.on_message(*m, peer);
}

}  // namespace

TEST_CASE("An authenticated check is answered with the peer's address, signed with the local password", "[webrtc][ice]") {
    webrtc::ice_lite_responder r(local, "Zq1v");
    auto out = answer(r, check("lalU:Zq1v", local.pwd, false));
    CHECK_FALSE(out.error);
    CHECK_FALSE(out.nominated);
    CHECK_FALSE(r.selected());
    auto reply = stun::parse(out.reply);
    REQUIRE(reply);
    CHECK(reply->cls == stun::message_class::success);
    CHECK(reply->id == tid);
    CHECK(*stun::xor_mapped_address(*reply) == peer);
    CHECK_FALSE(stun::check_integrity(*reply, lal::as_byte_span(local.pwd)));
    CHECK_FALSE(stun::check_fingerprint(*reply));

    out = answer(r, check("lalU:Zq1v", local.pwd, true));
    CHECK(out.nominated);
    CHECK(r.selected() == peer);
    CHECK(webrtc::local_ufrag_of(*stun::parse(check("lalU:Zq1v", local.pwd, true))) == "lalU");
}

TEST_CASE("Wrong credentials get 401, a missing USERNAME 400, a controlled peer 487", "[webrtc][ice]") {
    webrtc::ice_lite_responder r(local, "Zq1v");
    auto code_of = [](const webrtc::ice_outcome& o) { return stun::error_code(*stun::parse(o.reply))->code; };

    auto wrong_pwd = answer(r, check("lalU:Zq1v", "0123456789abcdefABCDEF02", true));
    CHECK(wrong_pwd.error == webrtc::errc::unauthorized);
    CHECK(code_of(wrong_pwd) == 401);
    auto wrong_user = answer(r, check("lalU:other", local.pwd, true));
    CHECK(wrong_user.error == webrtc::errc::unauthorized);
    CHECK(code_of(wrong_user) == 401);
    CHECK_FALSE(r.selected());

    auto anonymous = stun::message_builder(stun::method::binding, stun::message_class::request, tid).finish({}, true);
    auto no_user = answer(r, anonymous);
    CHECK(no_user.error);
    CHECK(code_of(no_user) == 400);

    auto conflict = answer(r, check("lalU:Zq1v", local.pwd, true, true));
    CHECK(conflict.error == webrtc::errc::role_conflict);
    CHECK(code_of(conflict) == 487);
    CHECK_FALSE(r.selected());
}

TEST_CASE("Responses, indications and a bad fingerprint are dropped without a reply", "[webrtc][ice]") {
    webrtc::ice_lite_responder r(local, "Zq1v");
    auto indication =
        stun::message_builder(stun::method::binding, stun::message_class::indication, tid).finish({}, true);
    auto out = answer(r, indication);
    CHECK(out.error == webrtc::errc::not_binding_request);
    CHECK(out.reply.empty());

    auto bad = check("lalU:Zq1v", local.pwd, true);
    bad[bad.size() - 1] ^= std::byte{1};
    out = answer(r, bad);
    CHECK(out.error == stun::errc::bad_fingerprint);
    CHECK(out.reply.empty());
    CHECK_FALSE(r.selected());
}

TEST_CASE("ICE credentials from random bytes are ice-chars of the RFC 8839 lengths", "[webrtc][ice]") {
    std::vector<std::byte> random(32);
    for (std::size_t i = 0; i < random.size(); ++i) random[i] = static_cast<std::byte>(i * 37 + 11);
    auto c = webrtc::make_ice_credentials(random);
    CHECK(c.ufrag.size() == 8);
    CHECK(c.pwd.size() == 24);
    CHECK(c.ufrag.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") == std::string::npos);
    CHECK_THROWS_AS(webrtc::make_ice_credentials(std::span(random).first(10)), std::invalid_argument);
}
