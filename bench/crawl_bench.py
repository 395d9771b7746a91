"""Crawl benchmark: >= 500 article pages on loopback, crawled end to end, against bare extraction.

    .venv/bin/python bench/crawl_bench.py [--pages 500 1000] [--concurrency 8]

For each page count it starts a server process on 127.0.0.1 serving that many article pages
(the fixture pages with their bodies varied, so that no two are duplicates) through 10 RSS feeds,
then, in a fresh process each:

* crawl: ``extractor.crawl.crawler.crawl`` into a temporary database, end to end (robots.txt, feeds,
  fetch, extraction, dedupe, SQLite with WAL), with politeness delays off;
* baseline: bare ``trafilatura.extract`` on the same HTML, one page after another.

It prints pages/s for both, their ratio (target >= 0.7), the CPU a page of the crawl (all its
processes, and its main process alone), of the baseline and of the bench's own server process
while it serves (it competes with the crawl for the same cores), and the peak RSS of each crawl
process, so that memory can be compared across page counts (it should stay flat).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "fixtures"))

FEEDS = 10
_ARTICLE = re.compile(r"(<article>.*?<h1>.*?</h1>)(.*?)(</article>)", re.S)


def make_pages(n: int) -> list[bytes]:
    """``n`` distinct article pages: fixture furniture around fixture + synthetic paragraphs."""
    from synth import paragraphs

    from extractor.core.data import DATA_DIR

    templates = sorted((DATA_DIR / "demo/articles").glob("*.html"))
    texts = [t.read_text(encoding="utf-8") for t in templates]
    pages = []
    for i in range(n):
        template = texts[i % len(texts)]
        m = _ARTICLE.search(template)
        assert m, "fixture page without <article>"
        own = re.findall(r"<p>.*?</p>", m.group(2), re.S)
        rng = random.Random(i)
        body = [f"<p>{p}</p>" for p in paragraphs(10_000 + i, 7)]
        body += rng.sample(own, min(2, len(own)))
        rng.shuffle(body)
        title = f"<h1>Story {i}: {m.group(1).split('<h1>')[1]}"
        html = template[: m.start()] + "<article>" + title.removesuffix("</h1>") + \
            "\n".join(body) + m.group(3) + template[m.end():]
        # each page its own canonical address (the fixtures name their own slug)
        html = re.sub(r'<link rel="canonical" href="[^"]*">',
                      f'<link rel="canonical" href="{i}.html">', html)
        pages.append(html.encode("utf-8"))
    return pages


def serve(n: int) -> None:
    """Server process: pages, feeds and robots.txt from memory; prints its port, then serves."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    pages = make_pages(n)
    per_feed = (n + FEEDS - 1) // FEEDS
    feeds = []
    for f in range(FEEDS):
        items = "".join(f"<item><title>Story {i}</title><link>/a/{i}.html</link></item>"
                        for i in range(f * per_feed, min(n, (f + 1) * per_feed)))
        feeds.append(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {f}</title>'
                     f"{items}</channel></rss>".encode())

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def setup(self) -> None:
            super().setup()
            # Headers and body go out in two writes: without TCP_NODELAY, Nagle's algorithm and
            # the client's delayed ACK add 40 ms to every response (a real server sets it too).
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def do_GET(self) -> None:
            body, ctype = b"not found", "text/plain"
            status = 404
            if self.path == "/robots.txt":
                body, status = b"User-agent: *\nDisallow: /private/\n", 200
            elif self.path.startswith("/feed/"):
                body, status, ctype = feeds[int(self.path[6:])], 200, "application/rss+xml"
            elif self.path.startswith("/a/"):
                body, status = pages[int(self.path[3:].split(".")[0])], 200
                ctype = "text/html; charset=utf-8"
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


def run_crawl(port: int, concurrency: int) -> None:
    """Crawl process: prints a JSON line with the timing, counts and peak RSS."""
    from extractor import store as dbmod
    from extractor.core.settings import Settings
    from extractor.crawl.crawler import crawl

    with tempfile.TemporaryDirectory() as tmp:
        feeds = Path(tmp) / "feeds.yaml"
        feeds.write_text("feeds:\n" + "".join(
            f"  - name: f{f}\n    url: http://127.0.0.1:{port}/feed/{f}\n" for f in range(FEEDS)))
        settings = Settings(db_path=Path(tmp) / "bench.db", feeds_path=feeds, per_host_delay=0.0,
                            per_host_concurrency=concurrency, concurrency=concurrency)
        db = dbmod.open_db(settings.db_path)
        t0, c0, m0 = time.perf_counter(), _cpu(), _cpu(children=False)
        summary = crawl(db, settings, progress=False)
        elapsed, cpu = time.perf_counter() - t0, _cpu() - c0
        main_cpu = _cpu(children=False) - m0
        print(json.dumps({
            "seconds": elapsed, "cpu_seconds": cpu, "main_cpu_seconds": main_cpu,
            "new": summary.new_articles,
            "duplicates": summary.duplicates, "errors": len(summary.errors),
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        }), flush=True)


def _cpu(children: bool = True) -> float:
    """CPU seconds of this process and (by default) its finished children (extraction workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = own.ru_utime + own.ru_stime
    return total + (kids.ru_utime + kids.ru_stime if children else 0.0)


def run_baseline(n: int) -> None:
    """Baseline process: bare trafilatura.extract on the same pages, one after another."""
    import trafilatura

    pages = [p.decode("utf-8") for p in make_pages(n)]
    trafilatura.extract(pages[0])  # warm-up: imports and lazy initialisation
    t0, c0 = time.perf_counter(), _cpu()
    chars = sum(len(trafilatura.extract(p) or "") for p in pages)
    elapsed, cpu = time.perf_counter() - t0, _cpu() - c0
    print(json.dumps({"seconds": elapsed, "cpu_seconds": cpu, "chars": chars}), flush=True)


def _proc_cpu(pid: int) -> float:
    """CPU seconds a running process has used (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _child(*args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[500, 1000])
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    print(f"{'pages':>6} {'crawl p/s':>10} {'extract p/s':>12} {'ratio':>6} "
          f"{'crawl CPU ms/p':>15} {'(main proc)':>12} {'extract CPU ms/p':>17} "
          f"{'server CPU ms/p':>16} {'crawl RSS MB':>13} "
          f"{'worker RSS MB':>14} "
          f"{'stored':>7} {'errors':>7}")
    for n in args.pages:
        # The baseline runs before and after the crawl and the faster run counts, so that a
        # burst of load from elsewhere on the machine does not flatter the ratio.
        before = _child("--baseline", str(n))
        server = subprocess.Popen([sys.executable, __file__, "--serve", str(n)],
                                  stdout=subprocess.PIPE, text=True)
        try:
            assert server.stdout is not None
            port = int(server.stdout.readline())
            # the server's share of the two cores while it serves (its pages are built by now)
            server_start = _proc_cpu(server.pid)
            crawl = _child("--crawl", str(port), str(args.concurrency))
            server_cpu = _proc_cpu(server.pid) - server_start
        finally:
            server.terminate()
            server.wait(10)
        after = _child("--baseline", str(n))
        base = min(before, after, key=lambda b: b["seconds"])
        crawl_rate, base_rate = n / crawl["seconds"], n / base["seconds"]
        print(f"{n:>6} {crawl_rate:>10.1f} {base_rate:>12.1f} {crawl_rate / base_rate:>6.2f} "
              f"{crawl['cpu_seconds'] / n * 1000:>15.2f} "
              f"{crawl['main_cpu_seconds'] / n * 1000:>12.2f} "
              f"{base['cpu_seconds'] / n * 1000:>17.2f} "
              f"{server_cpu / n * 1000:>16.2f} "
              f"{crawl['rss_mb']:>13.0f} {crawl['worker_rss_mb']:>14.0f} "
              f"{crawl['new'] + crawl['duplicates']:>7.0f} "
              f"{crawl['errors']:>7.0f}", flush=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--serve":
        serve(int(sys.argv[2]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--crawl":
        run_crawl(int(sys.argv[2]), int(sys.argv[3]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--baseline":
        run_baseline(int(sys.argv[2]))
    else:
        main()
