#
# Copyright (c) 2026 The freethreading authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# cmake -DBINARY_DIR=… -DTARGET=… -DSOURCE=… -P expect_compile_error.cmake
# Passes when building TARGET fails and the compiler's output matches the
# regular expression on SOURCE's `// expect-error: <regex>` line.

file(STRINGS ${SOURCE} expect_lines REGEX "^// expect-error: ")
if(NOT expect_lines)
    message(FATAL_ERROR "${SOURCE} has no '// expect-error: <regex>' line")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BINARY_DIR} --target ${TARGET}
    RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(result EQUAL 0)
    message(FATAL_ERROR "${SOURCE} compiled, but it must be rejected")
endif()
foreach(line IN LISTS expect_lines)
    string(REGEX REPLACE "^// expect-error: " "" regex "${line}")
    if(NOT "${out}${err}" MATCHES "${regex}")
        message(FATAL_ERROR "${SOURCE} failed to compile, but the diagnostic does not match '${regex}':\n${out}${err}")
    endif()
endforeach()
message(STATUS "${SOURCE}: rejected as expected")
