#!/usr/bin/env python3
#
# Copyright (c) 2026 The freethreading authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
"""Writes doc/benchmarks.md and doc/benchmarks/<module>.png (DESIGN §10).

Reads the Google Benchmark JSON files under RESULTS/<module>/ of one
complete build/bench.sh run, pairs `<name>/ours` with `<name>/baseline` by
their median real time, exactly as the programs' RATIO lines do, and
regenerates the whole report from them: a module named by --modules without
results is an error, never a page with that module missing. The executor's
`executor.scaling/…` runs become the CPU-bound speed-up plot.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile

# Google Benchmark's time units, in nanoseconds.
NS_PER_UNIT = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def warn(message):
    print(f"bench_report.py: {message}", file=sys.stderr)


def load_json(directory):
    """The parsed JSON files of one module's directory, in name order."""
    out = []
    for name in sorted(os.listdir(directory)):
        if name.endswith(".json"):
            try:
                with open(os.path.join(directory, name), encoding="utf-8") as f:
                    out.append(json.load(f))
            except (OSError, ValueError):
                pass
    return out


def load_module(directory):
    """Returns (medians in ns by run name, contexts) of one module's files."""
    medians, contexts = {}, []
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".json"):
            continue
        path = os.path.join(directory, name)
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, ValueError) as e:
            warn(f"skipping {path}: {e}")
            continue
        contexts.append((name[: -len(".json")], data.get("context", {})))
        for b in data.get("benchmarks", []):
            if b.get("run_type") == "aggregate" and b.get("aggregate_name") == "median":
                unit = NS_PER_UNIT.get(b.get("time_unit", "ns"), 1.0)
                # UseRealTime() appends "/real_time" to a run's name,
                # UseManualTime() "/manual_time", Iterations(n)
                # "/iterations:n" before either, then Repetitions(n)
                # "/repeats:n".
                run = b["run_name"].removesuffix("/real_time").removesuffix("/manual_time")
                run = re.sub(r"/repeats:[0-9]+$", "", run)
                run = re.sub(r"/iterations:[0-9]+$", "", run)
                if run in medians:
                    warn(f"{run} is measured twice; {name} wins")
                medians[run] = b["real_time"] * unit
    return medians, contexts


def comparisons(medians):
    """(name, ratio, ours ns, baseline ns) for every complete pair, by name."""
    rows = []
    for run, ours in sorted(medians.items()):
        if not run.endswith("/ours"):
            continue
        stem = run[: -len("/ours")]
        base = medians.get(stem + "/baseline")
        if base is None or base <= 0:
            warn(f"no baseline for {stem}")
            continue
        rows.append((stem, ours / base, ours, base))
    return rows


def format_ns(value):
    if value < 10:
        return f"{value:.2f}"
    if value < 100:
        return f"{value:.1f}"
    return f"{value:,.0f}"


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def plot(module, rows, targets, png, gnuplot):
    """Draws one bar per ratio, a dashed line at 1.0 and the targets as marks."""
    labels = [n[len(module) + 1 :] if n.startswith(module + ".") else n for n, *_ in rows]
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "ratios.dat")
        with open(data, "w", encoding="utf-8") as f:
            for label, (name, ratio, _, _) in zip(labels, rows):
                # The value is written above the bar or its target, whichever is higher.
                target = targets.get(name)
                above = max(ratio, target or 0.0)
                limit = "NaN" if target is None else target
                f.write(f'"{label}" {ratio:.4f} {limit} {above:.4f}\n')
        top = max([1.0] + [r[1] for r in rows] + list(targets.values())) * 1.25
        # Labels slant down to the right: room below and right of the bars.
        longest = max(len(label) for label in labels)
        width = max(860, 90 * len(rows) + 7 * longest + 160)  # 860: room for the title
        script = f"""
set output '{png}'
set termoption noenhanced
set label 1 '{module}: median time of ours / of the baseline (below 1: ours is faster)' at screen 0.5, screen 0.97 center
set key at screen 0.5, screen 0.91 center horizontal maxrows 1
set tmargin 6
set bars 0
set style fill solid 0.85 border -1
set boxwidth 0.6
set grid ytics
set xrange [-0.6:{len(rows) - 0.4}]
set yrange [0:{top:.3f}]
set ylabel 'ratio'
set xtics rotate by -35 left nomirror
set bmargin {int(longest * 0.35) + 3}
set rmargin {int(len(labels[-1]) * 0.85) + 2}
plot '{data}' using 0:2:xtic(1) with boxes lc rgb '#4477aa' title 'ratio', \\
     '' using 0:3:(0.4) with xerrorbars pt 0 lw 3 lc rgb '#cc3311' title 'target (at most)', \\
     '' using 0:4:(sprintf('%.2f', $2)) with labels offset 0,0.9 notitle, \\
     1 with lines dt 2 lw 2 lc rgb 'black' title 'baseline (1.0)'
"""
        # pngcairo draws better; the png terminal is the fallback of builds
        # without cairo.
        for terminal in ("pngcairo", "png"):
            head = f"set terminal {terminal} size {width},{400 + 7 * longest}\n"
            run = subprocess.run([gnuplot], input=head + script, text=True,
                                 capture_output=True, check=False)
            if run.returncode == 0:
                return True
        warn(f"gnuplot failed for {module}: {run.stderr.strip()}")
        return False


SCALING = re.compile(r"^executor\.scaling/(?:(serial)|(\w+)/workers:(\d+))$")


def scaling_series(medians):
    """(serial ns, {backend: [(workers, ns)]}) of the executor.scaling runs."""
    serial, series = None, {}
    for run, ns in medians.items():
        m = SCALING.match(run)
        if m is None:
            continue
        if m.group(1):
            serial = ns
        else:
            series.setdefault(m.group(2), []).append((int(m.group(3)), ns))
    for points in series.values():
        points.sort()
    return serial, series


def plot_scaling(serial, series, png, gnuplot):
    """Speed-up (serial time / pool time) against the worker count, per backend, with the ideal."""
    top = max(n for points in series.values() for n, _ in points)
    with tempfile.TemporaryDirectory() as tmp:
        plots = [f"x with lines dt 2 lw 2 lc rgb 'black' title 'ideal (speed-up = workers)'"]
        colours = {"threading": "#4477aa", "multiprocessing": "#cc3311"}
        for index, (backend, points) in enumerate(sorted(series.items())):
            data = os.path.join(tmp, f"{backend}.dat")
            with open(data, "w", encoding="utf-8") as f:
                for n, ns in points:
                    f.write(f"{n} {serial / ns:.4f}\n")
            colour = colours.get(backend, "#228833")
            plots.append(f"'{data}' using 1:2 with linespoints lw 2 pt 7 ps 1.5 lc rgb '{colour}' title '{backend}'")
            # One backend's values above its points, the next one's below.
            offset = "0,1.1" if index % 2 else "0,-1.1"
            plots.append(f"'{data}' using 1:2:(sprintf('%.2f', $2)) with labels offset {offset} "
                         f"tc rgb '{colour}' notitle")
        script = f"""
set output '{png}'
set termoption noenhanced
set title 'CPU-bound speed-up over serial (primes below 2,000,000 in 64 chunks, map)'
set key top left
set grid
set xrange [0.8:{top + 0.2}]
set yrange [0:{top * 1.25:.2f}]
set xtics 1
set xlabel 'workers'
set ylabel 'speed-up (serial time / pool time)'
plot {", ".join(plots)}
"""
        for terminal in ("pngcairo", "png"):
            run = subprocess.run([gnuplot], input=f"set terminal {terminal} size 800,500\n" + script,
                                 text=True, capture_output=True, check=False)
            if run.returncode == 0:
                return True
        warn(f"gnuplot failed for the scaling plot: {run.stderr.strip()}")
        return False


def scaling_section(serial, series, plot_dir, gnuplot):
    """The speed-up table and plot, as markdown lines."""
    lines = ["### CPU-bound scaling", "",
             "The primes below 2,000,000 in 64 chunks, `map` over N workers, each backend; "
             "speed-up = the serial count's median time / the pool's. Ideal: N.", "",
             "| workers | " + " | ".join(f"{b} (ms) | {b} speed-up" for b in sorted(series)) + " |",
             "|---:|" + "---:|---:|" * len(series)]
    counts = sorted({n for points in series.values() for n, _ in points})
    for n in counts:
        cells = []
        for backend in sorted(series):
            ns = dict(series[backend]).get(n)
            cells += ["", ""] if ns is None else [f"{ns / 1e6:,.1f}", f"{serial / ns:.2f}"]
        lines.append(f"| {n} | " + " | ".join(cells) + " |")
    lines += ["", f"Serial: {serial / 1e6:,.1f} ms.", ""]
    if gnuplot is not None:
        os.makedirs(plot_dir, exist_ok=True)
        if plot_scaling(serial, series, os.path.join(plot_dir, "scaling.png"), gnuplot):
            lines += ["![CPU-bound speed-up](benchmarks/scaling.png)", ""]
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", required=True, help="out/release/bench-results")
    parser.add_argument("--doc", required=True, help="the doc/ directory")
    parser.add_argument("--compiler", default="", help="the compiler's --version line")
    parser.add_argument("--commit", default="unknown", help="the commit measured")
    parser.add_argument("--modules", required=True,
                        help="the modules of the run, space-separated; each must have results")
    parser.add_argument("--target", action="append", default=[], metavar="NAME=MAX",
                        help="a ratio NAME must not exceed MAX (repeatable)")
    args = parser.parse_args()

    targets = {}
    for entry in args.target:
        name, _, limit = entry.partition("=")
        targets[name] = float(limit)

    modules = args.modules.split()
    missing = [m for m in modules if not os.path.isdir(os.path.join(args.results, m))
               or not any(f.endswith(".json") for f in os.listdir(os.path.join(args.results, m)))]
    if missing:
        warn(f"no results for {', '.join(missing)}: the page must show one complete run; not written")
        sys.exit(1)
    gnuplot = shutil.which("gnuplot")
    if gnuplot is None:
        warn("gnuplot is not installed (Debian: gnuplot-nox): no plots")
    plot_dir = os.path.join(args.doc, "benchmarks")

    # The run's date: when its first program started (Google Benchmark's
    # context), so a page rebuilt from the same results says the same.
    started = sorted(data.get("context", {}).get("date", "")
                     for m in modules for data in load_json(os.path.join(args.results, m)))
    started = [d for d in started if d]
    now = (datetime.datetime.fromisoformat(started[0]).astimezone(datetime.timezone.utc) if started
           else datetime.datetime.now(datetime.timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Benchmarks",
        "",
        f"Generated by one complete run of `build/bench.sh` on {now}, at commit `{args.commit}`,",
        f"of every module: {', '.join(modules)}. Each ratio is the median real (wall-clock)",
        "time per operation of ours divided by the baseline's, over at least 5 repetitions",
        "in the same process (DESIGN §10): below 1, ours is faster. A target is the largest",
        "ratio the issues accept. Times are medians in nanoseconds.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        f"| CPUs (`nproc`) | {len(os.sched_getaffinity(0))} |",
        f"| CPU model | {cpu_model()} |",
        f"| kernel | {platform.system()} {platform.release()} |",
        f"| host | {platform.node()} |",
        f"| memory | {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB |",
    ]
    if args.compiler:
        lines.append(f"| compiler | {args.compiler} |")
    lines.append("")

    for module in modules:
        medians, contexts = load_module(os.path.join(args.results, module))
        rows = comparisons(medians)
        lines += [f"## {module}", ""]
        for program, context in contexts:
            lines.append(f"- `{program}`: run {context.get('date', '?')} on "
                         f"{context.get('host_name', '?')}, {context.get('num_cpus', '?')} CPUs, "
                         "Google Benchmark library built as "
                         f"{context.get('library_build_type', '?')}")
        lines.append("")
        serial, series = scaling_series(medians)
        if not rows and serial is None:
            lines += ["No comparisons measured.", ""]
            continue
        if rows:
            lines += ["| ratio name | ratio | target | ours (ns) | baseline (ns) |",
                      "|---|---:|---|---:|---:|"]
        for name, ratio, ours, base in rows:
            limit = targets.get(name)
            target = "" if limit is None else \
                f"≤ {limit:.2f} {'met' if ratio <= limit else '**missed**'}"
            lines.append(f"| `{name}` | {ratio:.3f} | {target} | {format_ns(ours)} | "
                         f"{format_ns(base)} |")
        lines.append("")
        png = os.path.join(plot_dir, f"{module}.png")
        if rows and gnuplot is not None:
            os.makedirs(plot_dir, exist_ok=True)
            module_targets = {n: targets[n] for n, *_ in rows if n in targets}
            if plot(module, rows, module_targets, png, gnuplot):
                lines += [f"![{module} ratios](benchmarks/{module}.png)", ""]
        if serial is not None and series:
            lines += scaling_section(serial, series, plot_dir, gnuplot)

    out = os.path.join(args.doc, "benchmarks.md")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    print(f"bench_report.py: wrote {out}")


if __name__ == "__main__":
    main()
