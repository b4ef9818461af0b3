"""Many readers at once: run the Locust readers (scripts/load/locustfile.py) against the atlas
for 1, 5, 10, 20, 50 and 100 readers and print what one server holds.

    python scripts/load/run.py                        # one Streamlit process, the table
    python scripts/load/run.py --processes 2          # two processes behind nginx (deploy/serve.sh)
    python scripts/load/run.py --compare 1,2 --readers 10,20,30,40,60 --p95 1,2

For each number of readers the script starts headless Locust for ``--ramp`` + ``--duration``
seconds, ``--repeats`` times, and prints the medians over the repeats of: script runs
(reruns) per second and their p50/p95/p99 latency from the request sent to
``script_finished`` received (over the ``--duration`` after the readers have arrived: their
page opens are left out), the failed runs, the servers' resident memory (RSS, summed over the
Streamlit processes, sampled every second with psutil) at its peak during the run and
``--settle`` seconds after the readers have left (sessions end ``server.disconnectedSessionTTL``,
120 s, after their WebSocket closes), and the CPU used by the servers, by the load generator
and by everything else on the machine (other users of it), in % of one core. It then says
where one process saturates: the first level whose reruns per second fall below 80% of what
the readers ask for, or whose servers use over 90% of their cores.

``--compare 1,2`` runs the sweep for each number of processes (behind nginx both times, so the
proxy is in both) and prints the reruns per second each serves with p95 at most ``--p95``
seconds (interpolated between levels; several limits may be given), and their ratio.

The servers are started and stopped by the script (a free port each time), run from this
repository with its .streamlit/config.toml, and are warmed (one page open per process)
before any reader arrives.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script: `python scripts/load/run.py`
    sys.path.insert(0, str(ROOT))

from scripts.load.reader import move_dates  # noqa: E402
from scripts.load.session import Session  # noqa: E402

LOCUSTFILE = ROOT / "scripts" / "load" / "locustfile.py"
MEAN_WAIT_S = 4.0  # the readers' mean wait between actions (locustfile: between(2, 6))


@dataclass
class Servers:
    """The Streamlit processes serving one URL (behind nginx or not)."""

    url: str
    backends: list[str]
    pids: list[int]

    def processes(self) -> list[psutil.Process]:
        return [psutil.Process(pid) for pid in self.pids if psutil.pid_exists(pid)]


@dataclass
class Sample:
    """One second of the machine: servers' memory and CPU, the generator's CPU, the total."""

    rss_mb: float
    server_cpu: float  # % of one core
    generator_cpu: float
    total_cpu: float


@dataclass
class Result:
    """One Locust run."""

    readers: int
    reruns_per_s: float
    p50: float
    p95: float
    p99: float
    errors: int
    runs: int
    samples: list[Sample] = field(default_factory=list)

    @property
    def peak_rss(self) -> float:
        return max((s.rss_mb for s in self.samples), default=0.0)

    def mean(self, attribute: str) -> float:
        return statistics.fmean(getattr(s, attribute) for s in self.samples) if self.samples else 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def free_block(size: int) -> int:
    """The first of ``size`` consecutive free ports (deploy/serve.sh numbers its processes so)."""
    for _ in range(100):
        first = free_port()
        if first + size < 65536 and all(_is_free(first + i) for i in range(1, size)):
            return first
    raise RuntimeError(f"no {size} consecutive free ports found")


def _is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


@contextmanager
def serve(processes: int, *, proxy: bool, log_dir: Path) -> Iterator[Servers]:
    """Start ``processes`` Streamlit processes (behind nginx if ``proxy``); stop them after."""
    if proxy:
        port, backend = free_port(), free_block(processes)
        env = {**os.environ, "PORT": str(port), "BACKEND_PORT": str(backend),
               "VENV": str(Path(sys.prefix))}  # its logs: .serve/<port>/ (nginx's workers write there)
        command = ["sh", str(ROOT / "deploy" / "serve.sh"), str(processes)]
        backends = [f"http://127.0.0.1:{backend + i}" for i in range(processes)]
    else:
        port = free_port()
        env = {**os.environ}
        command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                   "--server.address", "127.0.0.1", "--server.headless", "true"]
        backends = [f"http://127.0.0.1:{port}"]
    env.pop("KGTJ_STATIC_DIR", None)  # a served app publishes where it is served from
    with (log_dir / f"server-{port}.log").open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            for address in backends:
                wait_healthy(address, timeout=120)
            wait_healthy(url, timeout=60)
            tree = [psutil.Process(process.pid), *psutil.Process(process.pid).children(True)]
            pids = [p.pid for p in tree if "streamlit" in " ".join(p.cmdline())]
            servers = Servers(url, backends, pids)
            for address in backends:  # each process loads its data and builds its base map once
                warm(address)
            yield servers
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_healthy(url: str, *, timeout: float) -> None:
    """Wait until ``url`` answers its health check."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/_stcore/health", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"no healthy server at {url} within {timeout:.0f} s")


def warm(url: str) -> None:
    """One reader's page open and date change, so the readers find a warm process."""
    import random

    with Session(url) as session:
        session.open()
        move_dates(session, random.Random(0))


def sample(servers: Servers, generator: psutil.Process | None, every: float, stop: threading.Event,
           into: list[Sample]) -> None:
    """Append a `Sample` every ``every`` seconds until ``stop`` is set."""
    tracked = servers.processes()
    generators = [generator, *generator.children(True)] if generator else []
    for p in [*tracked, *generators]:
        p.cpu_percent(None)
    psutil.cpu_percent(None)
    while not stop.wait(every):
        if generator is not None:
            try:
                known = {g.pid for g in generators}
                generators += [c for c in generator.children(True) if c.pid not in known]
            except psutil.NoSuchProcess:
                pass
        into.append(Sample(
            rss_mb=sum(_safe(lambda p: p.memory_info().rss, p) for p in tracked) / 2**20,
            server_cpu=sum(_safe(lambda p: p.cpu_percent(None), p) for p in tracked),
            generator_cpu=sum(_safe(lambda p: p.cpu_percent(None), p) for p in generators),
            total_cpu=psutil.cpu_percent(None) * psutil.cpu_count(),
        ))


def _safe(read: object, process: psutil.Process) -> float:
    try:
        return float(read(process))  # type: ignore[operator]
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return 0.0


def run_locust(servers: Servers, readers: int, *, ramp: float, duration: float, work: Path) -> Result:
    """One headless Locust run of ``readers`` readers; the figures over ``duration`` after ``ramp``."""
    record = work / f"record-{readers}-{time.time_ns()}.csv"
    env = {**os.environ, "ATLAS_LOAD_RECORD": str(record), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary",
               "-u", str(readers), "-r", f"{max(readers / ramp, 1.0):.3f}", "-t", f"{ramp + duration:.0f}s",
               "--host", servers.url, "--stop-timeout", "30", "--loglevel", "WARNING"]
    samples: list[Sample] = []
    stop = threading.Event()
    with (work / "locust.log").open("ab") as log:
        locust = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        sampler = threading.Thread(target=sample,
                                   args=(servers, psutil.Process(locust.pid), 1.0, stop, samples))
        sampler.start()
        try:
            locust.wait(timeout=ramp + duration + 120)
        finally:
            stop.set()
            sampler.join()
            if locust.poll() is None:
                locust.kill()
    return summarise(read_record(record), readers=readers, ramp=ramp, duration=duration, samples=samples)


def read_record(path: Path) -> list[tuple[float, float, str, str, bool]]:
    with path.open(encoding="utf-8") as handle:
        return [(float(r["started"]), float(r["seconds"]), r["type"], r["name"], r["ok"] == "1")
                for r in csv.DictReader(handle)]


def summarise(rows: Sequence[tuple[float, float, str, str, bool]], *, readers: int, ramp: float,
              duration: float, samples: list[Sample]) -> Result:
    """Reruns finished in the window ``[first request + ramp, + duration]``: their rate and
    latency percentiles; failures over the whole run."""
    reruns = [r for r in rows if r[2] == "rerun"]
    if not reruns:
        return Result(readers, 0.0, float("nan"), float("nan"), float("nan"), len(rows), 0, samples)
    start = min(r[0] for r in reruns) + ramp
    end = start + duration
    window = [r for r in reruns if start <= r[0] + r[1] < end]
    ok = sorted(r[1] for r in window if r[4])
    errors = sum(1 for r in rows if not r[4])
    return Result(readers, len(ok) / duration, percentile(ok, 50), percentile(ok, 95), percentile(ok, 99),
                  errors, len(window), samples)


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile of sorted ``values`` (nearest rank); NaN when empty."""
    if not values:
        return float("nan")
    rank = max(1, round(q / 100 * len(values) + 0.5))
    return values[min(rank, len(values)) - 1]


def settle(servers: Servers, seconds: float) -> float:
    """Wait ``seconds`` with no reader; return the servers' RSS (MB) at the end."""
    time.sleep(seconds)
    return sum(_safe(lambda p: p.memory_info().rss, p) for p in servers.processes()) / 2**20


@dataclass
class Row:
    readers: int
    results: list[Result]
    rss_after: float

    def median(self, attribute: str) -> float:
        return float(statistics.median(getattr(r, attribute) for r in self.results))

    def median_of(self, name: str) -> float:
        return statistics.median(r.mean(name) for r in self.results)


def sweep(servers: Servers, levels: Sequence[int], *, repeats: int, ramp: float, duration: float,
          settle_s: float, work: Path) -> list[Row]:
    rows = []
    for readers in levels:
        results = []
        for i in range(repeats):
            result = run_locust(servers, readers, ramp=ramp, duration=duration, work=work)
            print(f"  {readers} readers, run {i + 1}/{repeats}: {result.reruns_per_s:.2f} reruns/s, "
                  f"p95 {result.p95:.2f} s, {result.errors} errors, peak {result.peak_rss:.0f} MB, "
                  f"servers {result.mean('server_cpu'):.0f}% generator {result.mean('generator_cpu'):.0f}% "
                  f"machine {result.mean('total_cpu'):.0f}%", file=sys.stderr, flush=True)
            results.append(result)
            time.sleep(5)  # the last readers' sessions close
        if settle_s:
            print(f"  {readers} readers gone: {settle_s:.0f} s without readers", file=sys.stderr, flush=True)
        rss_after = settle(servers, settle_s) if settle_s else float("nan")
        rows.append(Row(readers, results, rss_after))
    return rows


def print_table(rows: Sequence[Row], *, processes: int, settle_s: float) -> None:
    print(f"| readers | reruns/s | p50 s | p95 s | p99 s | errors (runs) | server RSS peak MB | "
          f"RSS {settle_s:.0f} s after MB | servers CPU % | generator CPU % | others CPU % |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        errors = sum(r.errors for r in row.results)
        runs = sum(r.runs for r in row.results)
        others = max(row.median_of("total_cpu") - row.median_of("server_cpu")
                     - row.median_of("generator_cpu"), 0)
        print(f"| {row.readers} | {row.median('reruns_per_s'):.2f} | {row.median('p50'):.2f} | "
              f"{row.median('p95'):.2f} | {row.median('p99'):.2f} | {errors} ({runs}) | "
              f"{row.median('peak_rss'):.0f} | {row.rss_after:.0f} | {row.median_of('server_cpu'):.0f} | "
              f"{row.median_of('generator_cpu'):.0f} | {others:.0f} |")
    print(saturation(rows, processes=processes))


def saturation(rows: Sequence[Row], *, processes: int) -> str:
    """Where the servers saturate: the first level whose reruns per second fall below 80% of
    what its readers ask for (each one run per mean wait plus the unloaded latency, the first
    level's p50), or whose servers use over 90% of their cores."""
    unloaded = rows[0].median("p50")
    for row in rows:
        asked = row.readers / (MEAN_WAIT_S + unloaded)
        cpu = row.median_of("server_cpu")
        if row.median("reruns_per_s") < 0.8 * asked or cpu > 90 * processes:
            return (f"{processes} process(es) saturate at {row.readers} readers: "
                    f"{row.median('reruns_per_s'):.2f} reruns/s served of about {asked:.1f} asked for, "
                    f"p95 {row.median('p95'):.2f} s, servers at {cpu:.0f}% of one core.")
    return f"{processes} process(es) did not saturate up to {rows[-1].readers} readers."


def capacity(rows: Sequence[Row], p95_limit: float) -> float:
    """Reruns per second served with p95 at most ``p95_limit``: the highest level within it,
    interpolated towards the next one that exceeds it."""
    best = 0.0
    previous: Row | None = None
    for row in rows:
        p95, rate = row.median("p95"), row.median("reruns_per_s")
        if p95 <= p95_limit:
            best = max(best, rate)
        elif previous is not None and previous.median("p95") <= p95_limit:
            share = (p95_limit - previous.median("p95")) / (p95 - previous.median("p95"))
            below = previous.median("reruns_per_s")
            best = max(best, below + share * (rate - below))
            break
        else:
            break
        previous = row
    return best


def describe_machine() -> str:
    load = os.getloadavg()
    return (f"{psutil.cpu_count()} cores ({_cpu_name()}), {psutil.virtual_memory().total / 2**30:.1f} GB, "
            f"Python {sys.version.split()[0]}, load average before the run "
            f"{load[0]:.2f}/{load[1]:.2f}/{load[2]:.2f}")


def _cpu_name() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown CPU"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--readers", default="1,5,10,20,50,100", help="reader counts, comma-separated")
    parser.add_argument("--processes", type=int, default=1, help="Streamlit processes (more than 1: nginx)")
    parser.add_argument("--proxy", action="store_true", help="nginx in front even of one process")
    parser.add_argument("--compare", help="e.g. 1,2: the sweep for each number of processes, behind nginx")
    parser.add_argument("--p95", default="1,2", help="--compare: p95 limits (s), comma-separated")
    parser.add_argument("--duration", type=float, default=40, help="seconds measured per run")
    parser.add_argument("--ramp", type=float, default=10, help="seconds over which the readers arrive")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--settle", type=float, default=180, help="seconds after the readers leave")
    args = parser.parse_args(argv)
    levels = [int(n) for n in args.readers.split(",")]
    if args.compare and shutil.which("nginx") is None:
        parser.error("--compare runs nginx: install it (sh atlas.sh serve installs it)")
    print(f"Machine: {describe_machine()}")
    print(f"Each level: {args.repeats} runs of {args.ramp:.0f} s arrival + {args.duration:.0f} s measured; "
          f"medians over the runs (errors summed).")
    with tempfile.TemporaryDirectory(prefix="atlas-load-") as folder:
        work = Path(folder)
        if not args.compare:
            proxy = args.proxy or args.processes > 1
            with serve(args.processes, proxy=proxy, log_dir=work) as servers:
                rows = sweep(servers, levels, repeats=args.repeats, ramp=args.ramp, duration=args.duration,
                             settle_s=args.settle, work=work)
            print(f"\n{args.processes} Streamlit process(es){' behind nginx' if proxy else ''}:")
            print_table(rows, processes=args.processes, settle_s=args.settle)
            return
        limits = [float(x) for x in args.p95.split(",")]
        served: dict[int, list[float]] = {}
        for processes in (int(n) for n in args.compare.split(",")):
            with serve(processes, proxy=True, log_dir=work) as servers:
                rows = sweep(servers, levels, repeats=args.repeats, ramp=args.ramp, duration=args.duration,
                             settle_s=0, work=work)
            print(f"\n{processes} Streamlit process(es) behind nginx:")
            print_table(rows, processes=processes, settle_s=0)
            served[processes] = [capacity(rows, limit) for limit in limits]
        first = next(iter(served))
        for i, limit in enumerate(limits):
            for processes, rates in served.items():
                base = served[first][i]
                ratio = rates[i] / base if base else float("nan")
                print(f"p95 <= {limit:.2f} s: {processes} process(es) serve {rates[i]:.2f} reruns/s "
                      f"({ratio:.2f}x of {first})")


if __name__ == "__main__":
    main()
