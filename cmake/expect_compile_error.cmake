#
# Copyright (c) 2026 The freethreading authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# cmake -DBINARY_DIR=… -DTARGET=… -DSOURCE=… -P expect_compile_error.cmake
# Passes when building TARGET fails and the compiler's output matches every
#   // expect-error: <regex>        somewhere in the output, and every
#   // expect-first-error: <regex>  in the first error: the output up to and
#                                   including the first line with ": error: "
#                                   (the instantiation context above it included)
# of SOURCE. b2 runs the same check with build/expect_compile_error.sh, so a
# regex is one that CMake and grep -E read alike, matched within one line.

file(STRINGS ${SOURCE} anywhere_lines REGEX "^// expect-error: ")
file(STRINGS ${SOURCE} first_lines REGEX "^// expect-first-error: ")
if(NOT anywhere_lines AND NOT first_lines)
    message(FATAL_ERROR "${SOURCE} has no '// expect-error: <regex>' or '// expect-first-error: <regex>' line")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BINARY_DIR} --target ${TARGET}
    RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(result EQUAL 0)
    message(FATAL_ERROR "${SOURCE} compiled, but it must be rejected")
endif()
set(output "${out}${err}")

# The first error: everything up to the end of the first line with ": error: ".
string(FIND "${output}" ": error: " at)
set(first_error "")
if(at GREATER_EQUAL 0)
    string(SUBSTRING "${output}" ${at} -1 rest)
    string(FIND "${rest}" "\n" line_end)
    if(line_end LESS 0)
        string(LENGTH "${rest}" line_end)
    endif()
    math(EXPR length "${at} + ${line_end}")
    string(SUBSTRING "${output}" 0 ${length} first_error)
endif()

foreach(line IN LISTS anywhere_lines)
    string(REGEX REPLACE "^// expect-error: " "" regex "${line}")
    if(NOT output MATCHES "${regex}")
        message(FATAL_ERROR "${SOURCE} failed to compile, but the diagnostic does not match '${regex}':\n${output}")
    endif()
endforeach()
foreach(line IN LISTS first_lines)
    string(REGEX REPLACE "^// expect-first-error: " "" regex "${line}")
    if(NOT first_error MATCHES "${regex}")
        message(FATAL_ERROR "${SOURCE} failed to compile, but its first error does not match '${regex}':\n${output}")
    endif()
endforeach()
message(STATUS "${SOURCE}: rejected as expected")
