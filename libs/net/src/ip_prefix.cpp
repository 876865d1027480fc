// SPDX-License-Identifier: MIT
#include <lal/net/ip_prefix.hpp>

#include <algorithm>
#include <cstdio>

#include <lal/net/error.hpp>

namespace lal::net {
namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

int hex_value(char c) noexcept {
    if (is_digit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// A decimal number of 1..max_digits digits without a leading zero; -1 if not.
int parse_decimal(std::string_view s, std::size_t max_digits) noexcept {
    if (s.empty() || s.size() > max_digits || (s.size() > 1 && s[0] == '0')) return -1;
    int v = 0;
    for (char c : s) {
        if (!is_digit(c)) return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

// Four dotted decimal octets (RFC 791's usual text form).
bool parse_dotted_quad(std::string_view s, std::uint8_t* out) noexcept {
    for (int i = 0; i < 4; ++i) {
        const auto dot = s.find('.');
        if ((i < 3) == (dot == std::string_view::npos)) return false;
        const int v = parse_decimal(s.substr(0, dot), 3);
        if (v < 0 || v > 255) return false;
        out[i] = static_cast<std::uint8_t>(v);
        s = i < 3 ? s.substr(dot + 1) : std::string_view{};
    }
    return true;
}

// The ':'-separated groups of one side of "::" (RFC 4291 2.2 forms 1-3);
// a dotted quad may end the side that ends the address. False on any fault.
bool parse_groups(std::string_view s, bool v4_allowed, std::vector<std::uint16_t>& out) {
    if (s.empty()) return true;
    while (true) {
        const auto colon = s.find(':');
        const auto piece = s.substr(0, colon);
        const bool last = colon == std::string_view::npos;
        if (last && v4_allowed && piece.find('.') != std::string_view::npos) {
            std::uint8_t q[4];
            if (!parse_dotted_quad(piece, q)) return false;
            out.push_back(static_cast<std::uint16_t>(q[0] << 8 | q[1]));
            out.push_back(static_cast<std::uint16_t>(q[2] << 8 | q[3]));
            return true;
        }
        if (piece.empty() || piece.size() > 4) return false;
        unsigned v = 0;
        for (char c : piece) {
            const int h = hex_value(c);
            if (h < 0) return false;
            v = v << 4 | static_cast<unsigned>(h);
        }
        out.push_back(static_cast<std::uint16_t>(v));
        if (last) return true;
        s = s.substr(colon + 1);
        if (out.size() > 8) return false;
    }
}

bool parse_ipv6(std::string_view s, std::array<std::uint8_t, 16>& out) {
    // The longest form is eight groups with a dotted quad for the last two: 45 characters.
    if (s.size() > 45) return false;
    const auto gap = s.find("::");
    if (gap != std::string_view::npos && s.find("::", gap + 1) != std::string_view::npos) return false;
    std::vector<std::uint16_t> head, tail;
    if (gap == std::string_view::npos) {
        if (!parse_groups(s, true, head) || head.size() != 8) return false;
    } else {
        if (!parse_groups(s.substr(0, gap), false, head) || !parse_groups(s.substr(gap + 2), true, tail)) return false;
        if (head.size() + tail.size() > 7) return false;  // "::" stands for at least one group
    }
    out.fill(0);
    for (std::size_t i = 0; i < head.size(); ++i) {
        out[2 * i] = static_cast<std::uint8_t>(head[i] >> 8);
        out[2 * i + 1] = static_cast<std::uint8_t>(head[i]);
    }
    const std::size_t start = 8 - tail.size();
    for (std::size_t i = 0; i < tail.size(); ++i) {
        out[2 * (start + i)] = static_cast<std::uint8_t>(tail[i] >> 8);
        out[2 * (start + i) + 1] = static_cast<std::uint8_t>(tail[i]);
    }
    return true;
}

// ::ffff:a.b.c.d (RFC 4291 2.5.5.2).
bool is_v4_mapped(const std::array<std::uint8_t, 16>& b) noexcept {
    return std::all_of(b.begin(), b.begin() + 10, [](std::uint8_t x) { return x == 0; }) && b[10] == 0xff &&
           b[11] == 0xff;
}

}  // namespace

lal::result<ip_address> parse_ip_address(std::string_view text) {
    ip_address a;
    if (text.find(':') == std::string_view::npos) {
        if (!parse_dotted_quad(text, a.bytes.data())) return make_error_code(errc::bad_ip_address);
        return a;
    }
    if (!parse_ipv6(text, a.bytes)) return make_error_code(errc::bad_ip_address);
    a.v6 = true;
    if (is_v4_mapped(a.bytes)) {
        std::copy(a.bytes.begin() + 12, a.bytes.end(), a.bytes.begin());
        std::fill(a.bytes.begin() + 4, a.bytes.end(), std::uint8_t{0});
        a.v6 = false;
    }
    return a;
}

std::string ip_address::str() const {
    char buf[64];
    if (!v6) {
        std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", bytes[0], bytes[1], bytes[2], bytes[3]);
        return buf;
    }
    std::uint16_t g[8];
    for (int i = 0; i < 8; ++i) g[i] = static_cast<std::uint16_t>(bytes[2 * i] << 8 | bytes[2 * i + 1]);
    // RFC 5952 4.2: the longest run of two or more zero groups (the first of equals) becomes "::".
    int best = -1, best_len = 1;
    for (int i = 0; i < 8;) {
        int j = i;
        while (j < 8 && g[j] == 0) ++j;
        if (j - i > best_len) {
            best = i;
            best_len = j - i;
        }
        i = j == i ? i + 1 : j;
    }
    std::string out;
    for (int i = 0; i < 8; ++i) {
        if (i == best) {
            out += "::";
            i += best_len - 1;
            continue;
        }
        if (!out.empty() && out.back() != ':') out += ':';
        std::snprintf(buf, sizeof buf, "%x", g[i]);
        out += buf;
    }
    return out;
}

bool ip_prefix::contains(const ip_address& a) const noexcept {
    if (a.v6 != base.v6) return false;
    const unsigned whole = length / 8, rest = length % 8;
    if (!std::equal(base.bytes.begin(), base.bytes.begin() + whole, a.bytes.begin())) return false;
    if (rest == 0) return true;
    const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
    return (base.bytes[whole] & mask) == (a.bytes[whole] & mask);
}

std::string ip_prefix::str() const { return base.str() + "/" + std::to_string(length); }

std::string_view host_of_endpoint(std::string_view text) noexcept {
    if (text.starts_with('[')) {
        const auto end = text.find(']');
        return end == std::string_view::npos ? text : text.substr(1, end - 1);
    }
    const auto colon = text.rfind(':');
    // One colon: "host:port"; more is a bare IPv6 address.
    if (colon != std::string_view::npos && text.find(':') == colon) return text.substr(0, colon);
    return text;
}

lal::result<ip_prefix> parse_ip_prefix(std::string_view text) {
    const auto slash = text.find('/');
    auto address = parse_ip_address(text.substr(0, slash));
    if (!address) return address.error();
    ip_prefix p{*address, address->bits()};
    if (slash == std::string_view::npos) return p;
    const int length = parse_decimal(text.substr(slash + 1), 3);
    const bool written_v6 = text.substr(0, slash).find(':') != std::string_view::npos;
    const int max = written_v6 ? 128 : 32;
    if (length < 0 || length > max) return make_error_code(errc::bad_prefix_length);
    p.length = static_cast<unsigned>(length);
    if (written_v6 && !address->v6) {
        // An IPv4-mapped block: its length counts the 96 bits of ::ffff:0:0/96.
        if (p.length < 96) return make_error_code(errc::bad_prefix_length);
        p.length -= 96;
    }
    ip_prefix zeroed{ip_address{p.base.v6, {}}, p.length};
    for (unsigned i = 0; i < p.length / 8; ++i) zeroed.base.bytes[i] = p.base.bytes[i];
    if (p.length % 8 != 0) {
        const auto mask = static_cast<std::uint8_t>(0xff << (8 - p.length % 8));
        zeroed.base.bytes[p.length / 8] = p.base.bytes[p.length / 8] & mask;
    }
    if (zeroed.base != p.base) return make_error_code(errc::prefix_host_bits);
    return p;
}

void ip_prefix_list::add(const ip_prefix& p) {
    if (std::find(prefixes_.begin(), prefixes_.end(), p) == prefixes_.end()) prefixes_.push_back(p);
}

bool ip_prefix_list::remove(const ip_prefix& p) {
    auto it = std::find(prefixes_.begin(), prefixes_.end(), p);
    if (it == prefixes_.end()) return false;
    prefixes_.erase(it);
    return true;
}

const ip_prefix* ip_prefix_list::match(const ip_address& a) const noexcept {
    for (const auto& p : prefixes_) {
        if (p.contains(a)) return &p;
    }
    return nullptr;
}

}  // namespace lal::net
