// SPDX-License-Identifier: MIT
#include <lal/flv/writer.hpp>

namespace lal::flv {

void writer::write_header(const file_header& h) {
    append_file_header(h, out_);
    offset_ += file_header_size + previous_tag_size_size;
}

std::uint64_t writer::write(const tag& t) {
    auto at = offset_;
    append_tag(t, out_);
    offset_ += wire_size(t);
    return at;
}

}  // namespace lal::flv
