// SPDX-License-Identifier: MIT
#pragma once

// Everything of lal::flv in one include.
#include <lal/flv/amf0.hpp>
#include <lal/flv/error.hpp>
#include <lal/flv/file_header.hpp>
#include <lal/flv/file_writer.hpp>
#include <lal/flv/media_header.hpp>
#include <lal/flv/reader.hpp>
#include <lal/flv/script_data.hpp>
#include <lal/flv/tag.hpp>
#include <lal/flv/writer.hpp>
