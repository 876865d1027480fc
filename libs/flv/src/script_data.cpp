// SPDX-License-Identifier: MIT
#include <lal/flv/script_data.hpp>

namespace lal::flv {

const amf0::value* script_data::properties() const noexcept {
    if (values.empty()) return nullptr;
    const auto& first = values.front();
    return first.properties() ? &first : nullptr;
}

lal::result<script_data> parse_script_data(lal::byte_span data, const amf0::decode_options& options) {
    // E.4.4.1 SCRIPTDATA: a name (SCRIPTDATAVALUE of type string) then its value(s).
    if (data.empty()) return errc::bad_script_data;
    lal::byte_reader r(data);
    auto name = amf0::decode(r, options);
    if (!name) return name.error();
    auto text = name->as_string();
    if (!text) return errc::bad_script_data;
    auto rest = amf0::decode_all(r.rest(), options);
    if (!rest) return rest.error();
    return script_data{std::string(*text), std::move(*rest)};
}

void append_script_data(std::string_view name, std::span<const amf0::value> values,
                        std::vector<std::byte>& out) {
    amf0::encode(amf0::value(name), out);
    amf0::encode_all(values, out);
}

std::vector<std::byte> build_metadata(const amf0::value& metadata) {
    std::vector<std::byte> out;
    append_script_data(on_metadata, std::span(&metadata, 1), out);
    return out;
}

}  // namespace lal::flv
