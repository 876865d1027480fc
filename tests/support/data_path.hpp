// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace lal::test {

/// Absolute path of a file under tests/data ("media/h264_aac_10s.flv").
inline std::string data_path(const std::string& relative) {
    return std::string(LAL_TEST_DATA_DIR) + "/" + relative;
}

/// Whole contents of a file under tests/data; throws if it cannot be read.
inline std::vector<std::byte> read_data(const std::string& relative) {
    std::ifstream in(data_path(relative), std::ios::binary);
    if (!in) throw std::runtime_error("cannot open test data " + relative);
    std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::byte> out(chars.size());
    for (std::size_t i = 0; i < chars.size(); ++i) out[i] = static_cast<std::byte>(chars[i]);
    return out;
}

}  // namespace lal::test
