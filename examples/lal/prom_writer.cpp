// SPDX-License-Identifier: MIT
#include "prom_writer.hpp"

#include <cmath>

#include <fmt/format.h>

namespace lal::server {

namespace {
// Exposition format: HELP text escapes '\' and newline; label values also '"'.
void append_escaped(std::string& out, std::string_view text, bool quote) {
    for (char c : text) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else if (quote && c == '"') {
            out += "\\\"";
        } else {
            out += c;
        }
    }
}
}  // namespace

void prom_writer::family(std::string_view name, std::string_view type, std::string_view help) {
    out_ += "# HELP ";
    out_ += name;
    out_ += ' ';
    append_escaped(out_, help, false);
    out_ += "\n# TYPE ";
    out_ += name;
    out_ += ' ';
    out_ += type;
    out_ += '\n';
}

void prom_writer::sample(std::string_view name, const std::vector<label>& labels, double value) {
    out_ += name;
    if (!labels.empty()) {
        out_ += '{';
        bool first = true;
        for (const auto& [k, v] : labels) {
            if (!first) out_ += ',';
            first = false;
            out_ += k;
            out_ += "=\"";
            append_escaped(out_, v, true);
            out_ += '"';
        }
        out_ += '}';
    }
    out_ += ' ';
    // Integral values print without exponent or fraction; others as Go's %g would.
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15) {
        out_ += fmt::format("{}", static_cast<std::int64_t>(value));
    } else {
        out_ += fmt::format("{}", value);
    }
    out_ += '\n';
}

}  // namespace lal::server
