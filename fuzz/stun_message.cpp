// SPDX-License-Identifier: MIT
// STUN messages (RFC 8489). Properties:
// - errors are lal::stun's; a parsed message spans the whole input and every
//   attribute value lies inside it, in increasing order;
// - the attributes rebuilt with message_builder parse to the same types and
//   values, and the rebuilt message passes its own integrity (with the key it
//   was built with, not another) and fingerprint checks;
// - typed readers (USERNAME, XOR-MAPPED-ADDRESS, PRIORITY, ERROR-CODE) give
//   back what they read when it is built again.
#include <cstdint>
#include <string>
#include <vector>

#include <lal/stun/message.hpp>

#include "fuzz_support.hpp"

namespace stun = lal::stun;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto in = lal::fuzz::bytes_of(data, size);
    stun::parse_limits limits;
    limits.max_size = 4096;
    auto m = stun::parse(in, limits);
    if (!m) {
        LAL_FUZZ_CHECK(m.error().category() == stun::category());
        return 0;
    }
    LAL_FUZZ_CHECK(m->raw.size() == in.size());
    LAL_FUZZ_CHECK(m->attributes.size() <= limits.max_attributes);
    std::size_t last = 0;
    for (const auto& a : m->attributes) {
        LAL_FUZZ_CHECK(a.offset >= stun::header_size && a.offset >= last);
        LAL_FUZZ_CHECK(a.value.data() >= in.data() && a.value.data() + a.value.size() <= in.data() + in.size());
        last = a.offset + 4;
    }
    (void)stun::check_fingerprint(*m);
    (void)stun::check_integrity(*m, lal::as_byte_span("key"));

    stun::message_builder b(m->method, m->cls, m->id);
    std::vector<const stun::attribute*> kept;
    for (const auto& a : m->attributes) {
        if (a.type == stun::attr::message_integrity || a.type == stun::attr::fingerprint ||
            a.type == stun::attr::message_integrity_sha256)
            continue;
        b.add(a.type, a.value);
        kept.push_back(&a);
    }
    const auto built = b.finish(lal::as_byte_span("key"), true);
    auto again = stun::parse(built, limits);
    if (!again) {
        // Only the attribute limit can refuse it (integrity and fingerprint add two).
        LAL_FUZZ_CHECK(again.error() == stun::errc::too_many_attributes || again.error() == stun::errc::bad_length);
        return 0;
    }
    LAL_FUZZ_CHECK(again->method == m->method && again->cls == m->cls && again->id == m->id);
    LAL_FUZZ_CHECK(again->attributes.size() == kept.size() + 2);
    for (std::size_t i = 0; i < kept.size(); ++i) {
        LAL_FUZZ_CHECK(again->attributes[i].type == kept[i]->type);
        LAL_FUZZ_CHECK(lal::to_vector(again->attributes[i].value) == lal::to_vector(kept[i]->value));
    }
    LAL_FUZZ_CHECK(!stun::check_integrity(*again, lal::as_byte_span("key")));
    LAL_FUZZ_CHECK(stun::check_integrity(*again, lal::as_byte_span("other")) == stun::errc::bad_integrity);
    LAL_FUZZ_CHECK(!stun::check_fingerprint(*again));

    stun::message_builder typed(m->method, m->cls, m->id);
    std::string user;
    if (auto u = stun::username(*m)) {
        user = *u;
        typed.add_username(user);
    }
    auto addr = stun::xor_mapped_address(*m);
    if (addr) typed.add_xor_mapped_address(*addr);
    auto prio = stun::priority(*m);
    if (prio) typed.add_priority(*prio);
    auto err = stun::error_code(*m);
    if (err) typed.add_error_code(err->code, err->reason);
    const auto typed_bytes = typed.finish({}, false);
    auto t = stun::parse(typed_bytes, limits);
    LAL_FUZZ_CHECK(t.has_value());
    if (!user.empty()) LAL_FUZZ_CHECK(*stun::username(*t) == user);
    if (addr) LAL_FUZZ_CHECK(*stun::xor_mapped_address(*t) == *addr);
    if (prio) LAL_FUZZ_CHECK(*stun::priority(*t) == *prio);
    if (err) LAL_FUZZ_CHECK(stun::error_code(*t)->code == err->code && stun::error_code(*t)->reason == err->reason);
    return 0;
}
