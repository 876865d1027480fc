// SPDX-License-Identifier: MIT
// The lal::h3 and lal::moqt part of the outside program: a QPACK round trip
// of a WebTransport response (nghttp3 found through lal's config) and a
// MoQT SUBSCRIBE written and read back.
#include <string>
#include <variant>
#include <vector>

#include <lal/h3/qpack.hpp>
#include <lal/h3/webtransport.hpp>
#include <lal/moqt/draft20.hpp>

std::string quic_summary() {
    const auto fields = lal::h3::connect_response(200, lal::moqt::draft20::alpn, true);
    auto back = lal::h3::decode_field_section(lal::h3::encode_field_section(fields));
    const bool qpack_ok = back && *back == fields;
    std::vector<std::byte> wire;
    (void)lal::moqt::draft20::append_message(lal::moqt::draft20::subscribe{0, {"live"}, "test", {}}, wire);
    lal::moqt::draft20::message_reader reader;
    const bool fed = !reader.feed(wire);
    auto m = reader.next();
    const bool moqt_ok = fed && m && std::holds_alternative<lal::moqt::draft20::subscribe>(*m);
    return "h3_qpack=" + std::to_string(qpack_ok ? 1 : 0) + " moqt_subscribe=" + std::to_string(moqt_ok ? 1 : 0);
}
