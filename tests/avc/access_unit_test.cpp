// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/avc/access_unit.hpp>

#include "hex.hpp"

using namespace lal::avc;
using lal::test::hex;

namespace {

std::vector<std::vector<nal_unit_type>> group(const std::vector<std::string>& nals) {
    access_unit_assembler a;
    std::vector<std::vector<nal_unit_type>> out;
    auto drain = [&] {
        while (auto au = a.next()) {
            std::vector<nal_unit_type> types;
            for (const auto& n : au->nal_units) types.push_back(nal_type_of(n.bytes()));
            out.push_back(types);
        }
    };
    for (const auto& n : nals) {
        REQUIRE_FALSE(a.push(lal::payload::adopt(hex(n))));
        drain();
    }
    a.finish();
    drain();
    return out;
}

using t = nal_unit_type;

}  // namespace

TEST_CASE("access units split at parameter sets, SEI, AUD and first_mb_in_slice 0", "[avc][au]") {
    // 0x88 / 0x9a: first bit 1, so first_mb_in_slice = 0; 0x40: a later slice.
    auto aus = group({"06 05", "67 42", "68 ce", "65 88", "65 40",  // SEI SPS PPS IDR (2 slices)
                      "41 9a", "41 40", "41 40",                    // P with 3 slices
                      "09 f0", "01 9a",                             // AUD + non-ref slice
                      "41 9a", "0c ff",                             // P + filler
                      "67 42", "68 ce", "65 88", "0b"});            // SPS PPS IDR end-of-stream
    REQUIRE(aus.size() == 5);
    CHECK(aus[0] == std::vector<t>{t::sei, t::sps, t::pps, t::idr_slice, t::idr_slice});
    CHECK(aus[1] == std::vector<t>{t::non_idr_slice, t::non_idr_slice, t::non_idr_slice});
    CHECK(aus[2] == std::vector<t>{t::aud, t::non_idr_slice});
    CHECK(aus[3] == std::vector<t>{t::non_idr_slice, t::filler_data});
    CHECK(aus[4] == std::vector<t>{t::sps, t::pps, t::idr_slice, t::end_of_stream});
}

TEST_CASE("access unit helpers", "[avc][au]") {
    access_unit_assembler a;
    a.push(lal::payload::adopt(hex("67 42")));
    a.push(lal::payload{});  // ignored
    a.push(lal::payload::adopt(hex("65 88")));
    CHECK_FALSE(a.next().has_value());  // more slices of this picture may follow
    a.push(lal::payload::adopt(hex("41 9a")));
    auto first = a.next();
    REQUIRE(first.has_value());
    CHECK(first->is_idr());
    CHECK(first->contains(nal_unit_type::sps));
    CHECK_FALSE(first->contains(nal_unit_type::pps));
    a.finish();
    auto second = a.next();
    REQUIRE(second.has_value());
    CHECK_FALSE(second->is_idr());
    CHECK_FALSE(a.next().has_value());
}

TEST_CASE("access unit assembler bounds the bytes of one access unit", "[avc][au][errors]") {
    access_unit_assembler a(8);
    CHECK_FALSE(a.push(lal::payload::adopt(hex("65 88 11 22"))));
    CHECK_FALSE(a.push(lal::payload::adopt(hex("65 40 33"))));
    CHECK_FALSE(a.push(lal::payload::adopt(hex("41 9a 44 55 66 77 88 99"))));  // new AU, 8 bytes
    // Filler data never closes the access unit.
    CHECK(a.push(lal::payload::adopt(hex("0c ff"))) == errc::access_unit_too_large);
    CHECK(a.push(lal::payload::adopt(hex("67 42"))) == errc::access_unit_too_large);
    auto first = a.next();
    REQUIRE(first.has_value());
    CHECK(first->nal_units.size() == 2);
    a.finish();
    CHECK_FALSE(a.next().has_value());
}
