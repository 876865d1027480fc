// SPDX-License-Identifier: MIT
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/flv/amf0.hpp>
#include <lal/flv/error.hpp>

namespace lal::flv {

/// Name of the metadata script tag.
inline constexpr std::string_view on_metadata = "onMetaData";

/// A script data tag body (Adobe FLV spec v10.1 E.4.4.1): a name string
/// followed by its values (for onMetaData, one ECMA array).
struct script_data {
    std::string name;
    std::vector<amf0::value> values;

    /// The first value if it is an object or ECMA array (the metadata of
    /// onMetaData), else nullptr.
    const amf0::value* properties() const noexcept;
    friend bool operator==(const script_data&, const script_data&) = default;
};

/// Decodes a script tag body. Errors: any AMF0 error, bad_script_data when
/// the body is empty or does not start with a string.
lal::result<script_data> parse_script_data(lal::byte_span data,
                                           const amf0::decode_options& options = {});

/// Appends a script tag body: `name` as an AMF0 string, then `values`.
void append_script_data(std::string_view name, std::span<const amf0::value> values,
                        std::vector<std::byte>& out);

/// The body of an onMetaData tag carrying `metadata` (usually an ECMA array).
std::vector<std::byte> build_metadata(const amf0::value& metadata);

}  // namespace lal::flv
