#
# Copyright (c) 2026 The freethreading authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# cmake -DEXE=… -DBACKEND=… -DEXPECTED=… -P run_example.cmake
# Runs an example under FREETHREADING_BACKEND=BACKEND and compares its output
# with the expected text, line by line.

set(ENV{FREETHREADING_BACKEND} ${BACKEND})
execute_process(COMMAND ${EXE} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "${EXE} exited with ${result}\n${out}${err}")
endif()
file(READ ${EXPECTED} expected)
if(NOT out STREQUAL expected)
    message(FATAL_ERROR "${EXE} under ${BACKEND} printed:\n${out}\nbut the expected output is:\n${expected}")
endif()
