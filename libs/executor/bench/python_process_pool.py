#
# Copyright (c) 2026 The freethreading authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
"""The baseline of executor.submit_get_multiprocessing_vs_python_process_pool.

python3 python_process_pool.py COUNT ROUNDS: makes a
concurrent.futures.ProcessPoolExecutor(2), warms it up, then ROUNDS times
submits COUNT tasks of x + 1 and collects every result, and prints the
seconds each round took, one per line (the pool's start is not timed, as
the C++ side does not time its own).
"""
import concurrent.futures
import sys
import time


def add_one(x):
    return x + 1


def main():
    count, rounds = int(sys.argv[1]), int(sys.argv[2])
    with concurrent.futures.ProcessPoolExecutor(2) as pool:
        for f in [pool.submit(add_one, i) for i in range(100)]:
            f.result()
        for _ in range(rounds):
            start = time.perf_counter()
            futures = [pool.submit(add_one, i) for i in range(count)]
            total = sum(f.result() for f in futures)
            elapsed = time.perf_counter() - start
            if total != count * (count + 1) // 2:
                sys.exit("wrong results")
            print(f"{elapsed:.9f}", flush=True)


if __name__ == "__main__":
    main()
