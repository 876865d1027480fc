// SPDX-License-Identifier: MIT
#pragma once

#include <cerrno>
#include <cstdio>
#include <string>
#include <system_error>
#include <utility>

#include <lal/flv/file_writer.hpp>

namespace lal_tools {

/// The file a pull tool saves into: takes what a lal::flv::file_writer
/// produced and appends it, creating (truncating) the file with the first
/// bytes, so a pull that saves nothing leaves no file behind. Unbuffered:
/// every write(2) holds whole tags, so even a killed tool leaves a file that
/// ends on a tag boundary.
class flv_file {
public:
    explicit flv_file(std::string path) : path_(std::move(path)) {}
    ~flv_file() { (void)close(); }
    flv_file(const flv_file&) = delete;
    flv_file& operator=(const flv_file&) = delete;

    /// Writes everything `w` holds for the file.
    std::error_code write(lal::flv::file_writer& w) {
        auto bytes = w.take_output();
        if (bytes.empty()) return {};
        if (!f_) {
            f_ = std::fopen(path_.c_str(), "wb");
            if (!f_) return {errno, std::generic_category()};
            std::setvbuf(f_, nullptr, _IONBF, 0);
        }
        if (std::fwrite(bytes.data(), 1, bytes.size(), f_) != bytes.size()) return {errno, std::generic_category()};
        return {};
    }
    /// Closes the file, if it was created. Safe to call twice.
    std::error_code close() {
        if (!f_) return {};
        if (std::fclose(std::exchange(f_, nullptr)) != 0) return {errno, std::generic_category()};
        return {};
    }

private:
    std::string path_;
    std::FILE* f_ = nullptr;
};

}  // namespace lal_tools
