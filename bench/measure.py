"""Run a command as a user would while measuring it: wall time, CPU time and peak resident memory."""

import resource
import subprocess
import threading
import time

import psutil


def children_cpu():
    """CPU seconds used so far by waited-for child processes (and their own waited-for children)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def tree_rss(process):
    """Return the summed RSS of a process and its descendants, in bytes."""
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def process_rss(process):
    """Return the RSS of the process alone, in bytes."""
    return process.memory_info().rss


def run_measured(command, rss=tree_rss, interval=0.1):
    """Run ``command``; return ``(wall seconds, CPU seconds, peak RSS bytes)``, or raise RuntimeError if it fails.

    ``rss(psutil.Process)`` measures the memory sampled every ``interval`` seconds: the whole process
    tree by default (worker processes count), :func:`process_rss` for a single-process command.
    """
    peak = 0
    start, cpu_start = time.perf_counter(), children_cpu()
    process = subprocess.Popen(command)
    watched = psutil.Process(process.pid)
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            try:
                peak = max(peak, rss(watched))
            except psutil.NoSuchProcess:
                return
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        status = process.wait()
    finally:
        # An interrupted benchmark stops its run too (SIGTERM lets it remove its temporary file).
        if process.poll() is None:
            process.terminate()
            process.wait()
    seconds, cpu = time.perf_counter() - start, children_cpu() - cpu_start
    done.set()
    sampler.join()
    if status:
        raise RuntimeError(f"{' '.join(command)} exited with status {status}")
    return seconds, cpu, peak
