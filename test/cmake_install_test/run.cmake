#
# Copyright (c) 2026 The freethreading authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# Installs the built tree to WORK_DIR/prefix, then builds and runs the consumer.

file(REMOVE_RECURSE ${WORK_DIR})
macro(step)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}")
    endif()
endmacro()
step(${CMAKE_COMMAND} --install ${BINARY_DIR} --prefix ${WORK_DIR}/prefix)
step(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/build -G ${GENERATOR}
     -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DCMAKE_BUILD_TYPE=Release
     "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}")
step(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
step(${WORK_DIR}/build/consumer)
if(NOT out MATCHES "threading checked")
    message(FATAL_ERROR "the consumer printed '${out}'")
endif()
set(ENV{FREETHREADING_BACKEND} multiprocessing)
step(${WORK_DIR}/build/sync_consumer)
if(NOT out MATCHES "multiprocessing 3")
    message(FATAL_ERROR "the sync consumer printed '${out}'")
endif()
message(STATUS "installed package works: ${out}")
