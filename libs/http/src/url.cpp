// SPDX-License-Identifier: MIT
#include <lal/http/url.hpp>

#include <vector>

#include <lal/http/error.hpp>

#include "text.hpp"

namespace lal::http {
namespace {

bool is_reg_name_char(char c) noexcept {
    return detail::is_alpha(c) || detail::is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

bool valid_target(std::string_view t) noexcept {
    if (t.empty() || t.front() != '/') return false;
    for (char c : t) {
        if (!detail::is_target_char(c)) return false;
    }
    return true;
}

/// RFC 3986 5.2.4 remove_dot_segments on an absolute path.
std::string remove_dot_segments(std::string_view path) {
    std::vector<std::string_view> out;
    bool trailing_slash = false;
    std::size_t pos = 1;  // path starts with '/'
    while (pos <= path.size()) {
        auto slash = path.find('/', pos);
        auto seg = path.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos);
        bool last = slash == std::string_view::npos;
        if (seg == "..") {
            if (!out.empty()) out.pop_back();
            trailing_slash = last;
        } else if (seg == ".") {
            trailing_slash = last;
        } else {
            out.push_back(seg);
            trailing_slash = false;
        }
        if (last) break;
        pos = slash + 1;
    }
    std::string result;
    for (auto seg : out) {
        result += '/';
        result += seg;
    }
    if (trailing_slash || result.empty()) result += '/';
    return result;
}

/// Splits "path?query#fragment" into a target without the fragment.
std::string_view strip_fragment(std::string_view s) noexcept {
    auto hash = s.find('#');
    return hash == std::string_view::npos ? s : s.substr(0, hash);
}

bool has_scheme(std::string_view ref) noexcept {
    // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" (RFC 3986 3.1)
    if (ref.empty() || !detail::is_alpha(ref.front())) return false;
    for (std::size_t i = 1; i < ref.size(); ++i) {
        char c = ref[i];
        if (c == ':') return true;
        if (!(detail::is_alpha(c) || detail::is_digit(c) || c == '+' || c == '-' || c == '.')) return false;
    }
    return false;
}

}  // namespace

std::uint16_t default_port(std::string_view scheme) noexcept { return scheme == "https" ? 443 : 80; }

std::string_view url::path() const noexcept {
    std::string_view t = target;
    return t.substr(0, t.find('?'));
}

std::string_view url::query() const noexcept {
    std::string_view t = target;
    auto q = t.find('?');
    return q == std::string_view::npos ? std::string_view{} : t.substr(q + 1);
}

lal::result<url> parse_url(std::string_view text) {
    auto sep = text.find("://");
    if (sep == std::string_view::npos || !has_scheme(text.substr(0, sep + 1))) return errc::bad_url;
    std::string scheme;
    for (char c : text.substr(0, sep)) scheme += detail::to_lower(c);
    if (scheme != "http" && scheme != "https") return errc::unsupported_scheme;

    auto rest = text.substr(sep + 3);
    auto auth_end = rest.find_first_of("/?#");
    auto authority = rest.substr(0, auth_end);
    auto tail = auth_end == std::string_view::npos ? std::string_view{} : rest.substr(auth_end);
    if (authority.find('@') != std::string_view::npos) return errc::bad_url;

    url u;
    u.scheme = scheme;
    u.port = default_port(scheme);
    std::string_view port_text;
    bool has_port = false;
    if (!authority.empty() && authority.front() == '[') {
        auto close = authority.find(']');
        if (close == std::string_view::npos || close == 1) return errc::bad_url;
        auto v6 = authority.substr(1, close - 1);
        // RFC 3986 3.2.2: an IP-literal is an IPv6 address (IPvFuture is not
        // supported), which always holds a ':'; without one, to_string() would
        // print it as a name.
        if (v6.find(':') == std::string_view::npos) return errc::bad_url;
        for (char c : v6) {
            if (!(detail::hex_value(c) >= 0 || c == ':' || c == '.')) return errc::bad_url;
            u.host += detail::to_lower(c);
        }
        auto after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') return errc::bad_url;
            port_text = after.substr(1);
            has_port = true;
        }
    } else {
        auto colon = authority.find(':');
        auto host = authority.substr(0, colon);
        if (host.empty()) return errc::bad_url;
        for (char c : host) {
            if (!is_reg_name_char(c)) return errc::bad_url;
            u.host += detail::to_lower(c);
        }
        if (colon != std::string_view::npos) {
            port_text = authority.substr(colon + 1);
            has_port = true;
        }
    }
    if (has_port && !port_text.empty()) {  // RFC 3986 3.2.3: an empty port means the default
        auto port = detail::parse_decimal(port_text);
        if (!port || *port == 0 || *port > 65535) return errc::bad_url;
        u.port = static_cast<std::uint16_t>(*port);
    }

    tail = strip_fragment(tail);
    if (tail.empty()) {
        u.target = "/";
    } else if (tail.front() == '?') {
        u.target = "/" + std::string(tail);
    } else {
        u.target.assign(tail);
    }
    if (!valid_target(u.target)) return errc::bad_url;
    return u;
}

lal::result<url> resolve_reference(const url& base, std::string_view reference) {
    auto ref = strip_fragment(reference);
    if (has_scheme(ref)) return parse_url(ref);
    if (ref.starts_with("//")) return parse_url(base.scheme + ":" + std::string(ref));
    url u = base;
    if (ref.empty()) return u;
    std::string target;
    if (ref.front() == '/') {
        target.assign(ref);
    } else if (ref.front() == '?') {
        target = std::string(base.path()) + std::string(ref);
    } else {
        // RFC 3986 5.2.3: merge with the base path up to its last '/'.
        auto base_path = base.path();
        target = std::string(base_path.substr(0, base_path.rfind('/') + 1)) + std::string(ref);
    }
    auto q = target.find('?');
    std::string path = remove_dot_segments(std::string_view(target).substr(0, q));
    if (q != std::string::npos) path += target.substr(q);
    if (!valid_target(path)) return errc::bad_url;
    u.target = std::move(path);
    return u;
}

std::string host_header(const url& u) {
    std::string h = u.host.find(':') != std::string::npos ? "[" + u.host + "]" : u.host;
    if (u.port != default_port(u.scheme)) h += ":" + std::to_string(u.port);
    return h;
}

std::string to_string(const url& u) { return u.scheme + "://" + host_header(u) + u.target; }

lal::result<std::string> percent_decode_path(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        char c = raw[i];
        if (c != '%') {
            out += c;
            continue;
        }
        if (raw.size() - i < 3) return errc::bad_target;  // '%' needs two hex digits
        int hi = detail::hex_value(raw[i + 1]);
        int lo = detail::hex_value(raw[i + 2]);
        if (hi < 0 || lo < 0) return errc::bad_target;
        auto v = static_cast<unsigned char>(hi * 16 + lo);
        if (v < 0x20 || v == 0x7f || v == '/') return errc::bad_target;
        out += static_cast<char>(v);
        i += 2;
    }
    return out;
}

}  // namespace lal::http
