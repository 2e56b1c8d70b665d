"""How the benchmarks measure: peak Python memory of a whole (streamed) response,
and the median time and query count of a page, both through the public views."""

import resource
import statistics
import sys
import time
import tracemalloc
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection


@dataclass(frozen=True)
class Memory:
    peak: int  # bytes: tracemalloc's peak during the request and its download
    rss_growth: int  # bytes the process's maximum resident size grew by
    size: int  # bytes of the file downloaded
    seconds: float  # with tracemalloc on, so slower than usual
    queries: int


@dataclass(frozen=True)
class Timing:
    median: float  # wall-clock seconds
    fastest: float
    slowest: float
    cpu: float  # median seconds of this process's CPU (Python: views, templates)
    database: float  # median seconds spent waiting on the database
    queries: int
    slowest_queries: list[tuple[float, str]]
    size: int


@dataclass
class QueryLog:
    """Every SQL statement run, with its time, however the response is streamed."""

    queries: list[tuple[float, str]] = field(default_factory=list)

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((time.perf_counter() - started, sql))

    @property
    def seconds(self) -> float:
        return sum(seconds for seconds, _sql in self.queries)


@contextmanager
def logged_queries():
    log = QueryLog()
    with connection.execute_wrapper(log):
        yield log


def max_rss() -> int:
    """The process's maximum resident set size so far, in bytes."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # Linux: kilobytes


def download(client, url) -> int:
    """GET ``url`` and read the whole body, chunk by chunk; return its size."""
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    if not response.streaming:
        return len(response.content)
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    response.close()
    return size


def export_memory(client, url) -> Memory:
    """Peak memory of one export: the view, the queries and the full download."""
    rss_before = max_rss()
    with logged_queries() as log:
        tracemalloc.start()
        started = time.perf_counter()
        try:
            size = download(client, url)
            seconds = time.perf_counter() - started
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    return Memory(peak, max_rss() - rss_before, size, seconds, len(log.queries))


def page_timing(client, url, *, runs: int = 7) -> Timing:
    """Median times of ``runs`` GETs (after one warm-up), and the queries."""
    size = download(client, url)  # warm-up: templates, URL resolver, connection
    walls, cpus, waits, logs = [], [], [], []
    for _run in range(runs):
        with logged_queries() as log:
            wall, cpu = time.perf_counter(), time.process_time()
            download(client, url)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        waits.append(log.seconds)
        logs.append(log)
    return Timing(
        median=statistics.median(walls),
        fastest=min(walls),
        slowest=max(walls),
        cpu=statistics.median(cpus),
        database=statistics.median(waits),
        queries=len(logs[-1].queries),
        slowest_queries=sorted(logs[-1].queries, reverse=True)[:3],
        size=size,
    )
