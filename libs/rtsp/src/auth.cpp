// SPDX-License-Identifier: MIT
#include <lal/rtsp/auth.hpp>

#include <cstdio>
#include <utility>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/rtsp/error.hpp>
#include <lal/rtsp/message.hpp>
#include <lal/sdp/track.hpp>
#include "text.hpp"

namespace lal::rtsp {
namespace {

using param = std::pair<std::string, std::string>;

// The scheme token and the rest of a WWW-Authenticate or Authorization value.
std::pair<std::string_view, std::string_view> split_scheme(std::string_view value) {
    value = detail::trim(value);
    auto sp = value.find(' ');
    if (sp == std::string_view::npos) return {value, {}};
    return {value.substr(0, sp), detail::trim(value.substr(sp + 1))};
}

// auth-param list: name=token or name="quoted\"string", comma-separated (RFC 7235 2.1).
std::optional<std::vector<param>> parse_params(std::string_view s) {
    std::vector<param> out;
    std::size_t i = 0;
    auto skip = [&] {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == ',')) ++i;
    };
    for (skip(); i < s.size(); skip()) {
        auto eq = s.find('=', i);
        if (eq == std::string_view::npos) return std::nullopt;
        std::string name(detail::trim(s.substr(i, eq - i)));
        if (name.empty() || name.find_first_of(" ,\"") != std::string::npos) return std::nullopt;
        i = eq + 1;
        while (i < s.size() && s[i] == ' ') ++i;
        std::string value;
        if (i < s.size() && s[i] == '"') {
            ++i;
            bool closed = false;
            while (i < s.size()) {
                char c = s[i++];
                if (c == '\\' && i < s.size()) {
                    value += s[i++];
                } else if (c == '"') {
                    closed = true;
                    break;
                } else {
                    value += c;
                }
            }
            if (!closed) return std::nullopt;
        } else {
            auto end = s.find(',', i);
            value = std::string(detail::trim(s.substr(i, end == std::string_view::npos ? end : end - i)));
            i = end == std::string_view::npos ? s.size() : end;
        }
        out.emplace_back(std::move(name), std::move(value));
    }
    return out;
}

const std::string* find(const std::vector<param>& params, std::string_view name) {
    for (const auto& [k, v] : params)
        if (iequals(k, name)) return &v;
    return nullptr;
}

std::string get(const std::vector<param>& params, std::string_view name) {
    const auto* v = find(params, name);
    return v ? *v : std::string{};
}

std::string quoted(std::string_view v) {
    std::string s = "\"";
    for (char c : v) {
        if (c == '"' || c == '\\') s += '\\';
        s += c;
    }
    return s + '"';
}

// The hash an algorithm names (RFC 7616 3.2), or nullptr.
std::string (*hash_of(std::string_view algorithm))(std::string_view) {
    if (algorithm.empty() || iequals(algorithm, "MD5") || iequals(algorithm, "MD5-sess")) return md5_hex;
    if (iequals(algorithm, "SHA-256") || iequals(algorithm, "SHA-256-sess")) return sha256_hex;
    return nullptr;
}

bool is_sess(std::string_view algorithm) { return algorithm.ends_with("-sess") || algorithm.ends_with("-SESS"); }

// The request-digest of RFC 7616 3.4.1 (RFC 2617 3.2.2.1; without qop, RFC 2069).
std::optional<std::string> digest_response(const authorization& a, std::string_view password,
                                           std::string_view method) {
    auto h = hash_of(a.algorithm);
    if (!h) return std::nullopt;
    std::string ha1 = h(a.username + ':' + a.realm + ':' + std::string(password));
    if (is_sess(a.algorithm)) ha1 = h(ha1 + ':' + a.nonce + ':' + a.cnonce);
    const std::string ha2 = h(std::string(method) + ':' + a.uri);
    if (a.qop.empty()) return h(ha1 + ':' + a.nonce + ':' + ha2);
    return h(ha1 + ':' + a.nonce + ':' + a.nc + ':' + a.cnonce + ':' + a.qop + ':' + ha2);
}

}  // namespace

lal::result<challenge> parse_challenge(std::string_view value) {
    auto [scheme, rest] = split_scheme(value);
    auto params = parse_params(rest);
    if (!params) return errc::bad_auth;
    challenge c;
    if (iequals(scheme, "Basic")) c.scheme = auth_scheme::basic;
    else if (iequals(scheme, "Digest")) c.scheme = auth_scheme::digest;
    else return errc::bad_auth;
    if (!find(*params, "realm")) return errc::bad_auth;
    c.realm = get(*params, "realm");
    if (c.scheme == auth_scheme::digest) {
        if (!find(*params, "nonce")) return errc::bad_auth;
        c.nonce = get(*params, "nonce");
        c.opaque = get(*params, "opaque");
        c.algorithm = get(*params, "algorithm");
        c.qop = get(*params, "qop");
        c.stale = iequals(get(*params, "stale"), "true");
    }
    return c;
}

std::string to_string(const challenge& c) {
    if (c.scheme == auth_scheme::basic) return "Basic realm=" + quoted(c.realm);
    std::string s = "Digest realm=" + quoted(c.realm) + ", nonce=" + quoted(c.nonce);
    if (!c.algorithm.empty()) s += ", algorithm=" + c.algorithm;
    if (!c.qop.empty()) s += ", qop=" + quoted(c.qop);
    if (!c.opaque.empty()) s += ", opaque=" + quoted(c.opaque);
    if (c.stale) s += ", stale=true";
    return s;
}

lal::result<authorization> parse_authorization(std::string_view value) {
    auto [scheme, rest] = split_scheme(value);
    authorization a;
    if (iequals(scheme, "Basic")) {  // RFC 7617 2: base64(user ":" password)
        a.scheme = auth_scheme::basic;
        auto bytes = sdp::base64_decode(rest);
        if (!bytes || rest.empty()) return errc::bad_auth;
        auto text = lal::as_string_view(*bytes);
        auto colon = text.find(':');
        if (colon == std::string_view::npos) return errc::bad_auth;
        a.username = std::string(text.substr(0, colon));
        a.password = std::string(text.substr(colon + 1));
        return a;
    }
    if (!iequals(scheme, "Digest")) return errc::bad_auth;
    auto params = parse_params(rest);
    if (!params) return errc::bad_auth;
    for (auto name : {"username", "realm", "nonce", "uri", "response"})
        if (!find(*params, name)) return errc::bad_auth;
    a.username = get(*params, "username");
    a.realm = get(*params, "realm");
    a.nonce = get(*params, "nonce");
    a.uri = get(*params, "uri");
    a.response = get(*params, "response");
    a.algorithm = get(*params, "algorithm");
    a.qop = get(*params, "qop");
    a.nc = get(*params, "nc");
    a.cnonce = get(*params, "cnonce");
    a.opaque = get(*params, "opaque");
    return a;
}

std::string to_string(const authorization& a) {
    if (a.scheme == auth_scheme::basic)
        return "Basic " + sdp::base64_encode(lal::as_byte_span(a.username + ':' + a.password));
    std::string s = "Digest username=" + quoted(a.username) + ", realm=" + quoted(a.realm) +
                    ", nonce=" + quoted(a.nonce) + ", uri=" + quoted(a.uri) + ", response=" + quoted(a.response);
    if (!a.algorithm.empty()) s += ", algorithm=" + a.algorithm;
    if (!a.qop.empty()) s += ", qop=" + a.qop + ", nc=" + a.nc;
    if (!a.cnonce.empty()) s += ", cnonce=" + quoted(a.cnonce);  // also MD5-sess without qop (RFC 2617 3.2.2.2)
    if (!a.opaque.empty()) s += ", opaque=" + quoted(a.opaque);
    return s;
}

lal::result<authorization> answer(const challenge& c, const credentials& who, std::string_view method,
                                  std::string_view uri, std::string_view cnonce, std::uint32_t nc) {
    authorization a;
    a.scheme = c.scheme;
    a.username = who.username;
    if (c.scheme == auth_scheme::basic) {
        a.password = who.password;
        return a;
    }
    a.realm = c.realm;
    a.nonce = c.nonce;
    a.uri = std::string(uri);
    a.algorithm = c.algorithm;
    a.opaque = c.opaque;
    // qop is a list of options (RFC 7616 3.3); lal answers "auth" when offered.
    for (auto q : detail::split(c.qop, ','))
        if (iequals(q, "auth")) a.qop = "auth";
    if (!a.qop.empty() || is_sess(a.algorithm)) {
        a.cnonce = std::string(cnonce);
        char count[9];
        std::snprintf(count, sizeof count, "%08x", static_cast<unsigned>(nc));
        a.nc = count;
    }
    if (!a.qop.empty() || c.qop.empty()) {
        auto r = digest_response(a, who.password, method);
        if (!r) return errc::bad_auth;
        a.response = std::move(*r);
        return a;
    }
    return errc::bad_auth;  // only qop=auth-int offered: the body would have to be hashed
}

bool verify(const authorization& a, const credentials& who, std::string_view method, std::string_view realm,
            std::string_view nonce) {
    if (a.username != who.username) return false;
    if (a.scheme == auth_scheme::basic) return a.password == who.password;
    if (a.realm != realm || a.nonce != nonce) return false;
    auto expected = digest_response(a, who.password, method);
    return expected && iequals(*expected, a.response);
}

std::error_code check_request(const message& request, const challenge& expected, const credentials& who) {
    auto value = request.get("Authorization");
    if (!value) return errc::unauthorized;
    auto a = parse_authorization(*value);
    if (!a) return a.error();
    if (a->scheme != expected.scheme) return errc::unauthorized;
    if (!verify(*a, who, request.method, expected.realm, expected.nonce)) return errc::unauthorized;
    return {};
}

}  // namespace lal::rtsp
