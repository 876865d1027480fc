// SPDX-License-Identifier: MIT
// IP addresses and CIDR blocks as the IP access lists read them from the
// config and the HTTP API (lal/net/ip_prefix.hpp). The input's first line is a
// block, the second an address, the rest a peer endpoint's text.
// Properties:
// - a parsed address prints (str) to text that parses to the same address,
//   never longer than 39 characters (RFC 5952 text of eight groups);
// - a parsed block prints to text that parses to the same block; its length
//   fits its family; it contains its own base address;
// - contains() agrees with a bit-by-bit comparison of the first `length` bits;
// - failures carry the documented error codes only;
// - host_of_endpoint returns a part of its input.
#include <cstdint>
#include <string_view>

#include <lal/net/error.hpp>
#include <lal/net/ip_prefix.hpp>

#include "fuzz_support.hpp"

namespace net = lal::net;

namespace {

bool bit(const net::ip_address& a, unsigned i) { return (a.bytes[i / 8] >> (7 - i % 8)) & 1; }

bool contains_slowly(const net::ip_prefix& p, const net::ip_address& a) {
    if (p.base.v6 != a.v6) return false;
    for (unsigned i = 0; i < p.length; ++i) {
        if (bit(p.base, i) != bit(a, i)) return false;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto text = lal::fuzz::text_of(data, size);
    const auto nl1 = text.find('\n');
    const auto first = text.substr(0, nl1);
    const auto rest = nl1 == std::string_view::npos ? std::string_view{} : text.substr(nl1 + 1);
    const auto nl2 = rest.find('\n');
    const auto second = rest.substr(0, nl2);
    const auto third = nl2 == std::string_view::npos ? std::string_view{} : rest.substr(nl2 + 1);

    auto prefix = net::parse_ip_prefix(first);
    if (prefix) {
        LAL_FUZZ_CHECK(prefix->length <= prefix->base.bits());
        LAL_FUZZ_CHECK(prefix->contains(prefix->base));
        auto again = net::parse_ip_prefix(prefix->str());
        LAL_FUZZ_CHECK(again.has_value() && *again == *prefix);
    } else {
        const auto e = prefix.error();
        LAL_FUZZ_CHECK(e == net::errc::bad_ip_address || e == net::errc::bad_prefix_length ||
                       e == net::errc::prefix_host_bits);
    }

    auto address = net::parse_ip_address(second);
    if (address) {
        const auto printed = address->str();
        LAL_FUZZ_CHECK(printed.size() <= 39);
        auto again = net::parse_ip_address(printed);
        LAL_FUZZ_CHECK(again.has_value() && *again == *address);
        if (prefix) LAL_FUZZ_CHECK(prefix->contains(*address) == contains_slowly(*prefix, *address));
        net::ip_prefix_list list;
        if (prefix) list.add(*prefix);
        LAL_FUZZ_CHECK((list.match(*address) != nullptr) == (prefix && prefix->contains(*address)));
    } else {
        LAL_FUZZ_CHECK(address.error() == net::errc::bad_ip_address);
    }

    const auto host = net::host_of_endpoint(third);
    LAL_FUZZ_CHECK(host.size() <= third.size());
    LAL_FUZZ_CHECK(host.empty() || (host.data() >= third.data() && host.data() + host.size() <= third.data() + third.size()));
    return 0;
}
