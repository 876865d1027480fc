// SPDX-License-Identifier: MIT
// AMF0 decoder (Adobe AMF0 spec, December 2007) and the FLV script data on top.
// Properties:
// - decode_all -> encode_all -> decode_all -> encode_all reaches a fixed point
//   after one step, and the first encoding is never longer than the input
//   (the only rewrites are long strings that fit a short one and the
//   "unsupported" marker, both of which shrink or keep the size);
// - decoding value by value with a small max_depth never returns a value
//   nested deeper than that, advances on success and stays put on failure;
// - parse_script_data -> append_script_data -> parse_script_data is stable.
#include <cstdint>
#include <vector>

#include <lal/base/byte_reader.hpp>
#include <lal/flv/amf0.hpp>
#include <lal/flv/script_data.hpp>

#include "fuzz_support.hpp"

namespace amf0 = lal::flv::amf0;

namespace {

// Containers (object, ECMA array, strict array, typed object) on the deepest path.
std::size_t depth_of(const amf0::value& v) {
    std::size_t deepest = 0;
    if (const auto* props = v.properties()) {
        for (const auto& p : *props) deepest = std::max(deepest, depth_of(p.value));
        return deepest + 1;
    }
    if (const auto* arr = v.as_strict_array()) {
        for (const auto& item : arr->items) deepest = std::max(deepest, depth_of(item));
        return deepest + 1;
    }
    return 0;
}

std::vector<std::byte> encode_values(const std::vector<amf0::value>& values) {
    std::vector<std::byte> out;
    amf0::encode_all(values, out);
    return out;
}

void check_decode_all(lal::byte_span in) {
    auto values = amf0::decode_all(in);
    if (!values) {
        LAL_FUZZ_CHECK(values.error().category() == lal::flv::category());
        return;
    }
    for (const auto& v : *values) LAL_FUZZ_CHECK(depth_of(v) <= amf0::default_max_depth);
    auto once = encode_values(*values);
    LAL_FUZZ_CHECK(once.size() <= in.size());
    auto again = amf0::decode_all(once);
    LAL_FUZZ_CHECK(again.has_value());
    LAL_FUZZ_CHECK(again->size() == values->size());
    // Compared as bytes: a NaN number is never equal to itself as a value.
    LAL_FUZZ_CHECK(encode_values(*again) == once);
}

void check_stepwise(lal::byte_span in) {
    amf0::decode_options options;
    options.max_depth = lal::fuzz::seed_of(in) % 6;
    lal::byte_reader r(in);
    while (r.remaining() > 0) {
        auto before = r.position();
        auto v = amf0::decode(r, options);
        if (!v) {
            LAL_FUZZ_CHECK(r.position() == before);
            return;
        }
        LAL_FUZZ_CHECK(r.position() > before);
        LAL_FUZZ_CHECK(depth_of(*v) <= options.max_depth);
        // A value on its own encodes to no more bytes than it was decoded from.
        LAL_FUZZ_CHECK(amf0::encode(*v).size() <= r.position() - before);
    }
}

void check_script_data(lal::byte_span in) {
    auto script = lal::flv::parse_script_data(in);
    if (!script) return;
    std::vector<std::byte> body;
    lal::flv::append_script_data(script->name, script->values, body);
    auto again = lal::flv::parse_script_data(body);
    LAL_FUZZ_CHECK(again.has_value());
    LAL_FUZZ_CHECK(again->name == script->name);
    LAL_FUZZ_CHECK(encode_values(again->values) == encode_values(script->values));
    if (const auto* props = again->properties()) LAL_FUZZ_CHECK(props->properties() != nullptr);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto in = lal::fuzz::bytes_of(data, size);
    check_decode_all(in);
    check_stepwise(in);
    check_script_data(in);
    return 0;
}
