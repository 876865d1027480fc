// SPDX-License-Identifier: MIT
#include "flv_input.hpp"

#include <fstream>

#include <lal/flv/reader.hpp>

namespace modflvfile {

flv_file read_flv_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw tool_error(path + ": cannot open for reading");

    lal::flv::reader reader;
    flv_file file;
    std::vector<char> buffer(64 * 1024);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        auto got = static_cast<std::size_t>(in.gcount());
        if (got == 0) break;
        if (auto ec = reader.feed(std::as_bytes(std::span(buffer.data(), got)))) {
            throw tool_error(path + ": " + ec.message());
        }
        while (auto t = reader.next()) file.tags.push_back({std::move(*t), reader.last_tag_offset()});
    }
    if (in.bad()) throw tool_error(path + ": read error");
    if (!reader.header()) throw tool_error(path + ": not an FLV file (too short)");
    file.header = *reader.header();
    file.truncated_tail = static_cast<bool>(reader.finish());
    return file;
}

}  // namespace modflvfile
