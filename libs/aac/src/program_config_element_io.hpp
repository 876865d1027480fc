// SPDX-License-Identifier: MIT
// Private: program_config_element bit syntax, shared by the ASC parser and builder.
#pragma once

#include <lal/aac/program_config_element.hpp>

#include "bit_io.hpp"

namespace lal::aac::detail {

/// Reads a PCE (ISO/IEC 14496-3 4.4.1.1); false when input ran out.
bool read_pce(bit_in& in, program_config_element& pce);

/// True when every list and field fits its bit width, so write_pce is exact.
bool pce_fits(const program_config_element& pce) noexcept;

/// Writes a PCE for which pce_fits() holds.
void write_pce(bit_out& out, const program_config_element& pce);

}  // namespace lal::aac::detail
