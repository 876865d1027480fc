// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <lal/flv/file_header.hpp>
#include <lal/flv/tag.hpp>

namespace modflvfile {

/// A fatal problem with a one-line message; main prints it and exits non-zero.
struct tool_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// One tag of the input and where it started in the file.
struct input_tag {
    lal::flv::tag tag;
    std::uint64_t offset = 0;
};

/// A whole FLV file read into memory.
struct flv_file {
    lal::flv::file_header header;
    std::vector<input_tag> tags;
    /// True when the file stopped inside a tag; the complete tags before are kept.
    bool truncated_tail = false;
};

/// Reads `path` through lal::flv::reader; throws tool_error naming the file and problem.
flv_file read_flv_file(const std::string& path);

}  // namespace modflvfile
