"""Benchmark ``dipterm lsp``: how long after an edit the diagnostics of a document arrive, for
drafts of 2,000 and 20,000 words, against the shipped glossary, through a real LSP client
(pygls's) talking to the server process over stdio. The time runs from sending the
``didChange`` to receiving the ``publishDiagnostics`` of that version, so it includes the
server's debounce (``dipterm.lsp.server.DEBOUNCE``). The reference in the same run: ``dipterm
lint`` of the same file as a command (what a save hook or CI runs), warm.

Drafts are real published text: the English of the seed articles and the joint statements, and
the Vietnamese of the joint statements (seeds/), repeated to the size.

The bar (issue 18): a 2,000-word document re-diagnosed within 200 ms of an edit.

Run: .venv/bin/python tests/benchmarks/bench_lsp.py [--edits 20]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


def corpus(lang: str) -> list[str]:
    """Paragraphs of real text in ``lang`` from the shipped seeds."""
    rows = [
        line.split("\t") for line in (SEEDS / "parallel" / "pairs.tsv").read_text("utf-8").splitlines()[1:]
    ]
    if lang == "vi":
        return [row[1] for row in rows]
    articles = [p for path in sorted(SEEDS.glob("*.txt")) for p in path.read_text("utf-8").splitlines()]
    return [p.strip() for p in articles if p.strip()] + [row[0] for row in rows]


def draft(lang: str, words: int) -> str:
    """Paragraphs of ``corpus(lang)`` in turn until the text has ``words`` words."""
    paragraphs, out, count = corpus(lang), [], 0
    while count < words:
        paragraph = paragraphs[len(out) % len(paragraphs)]
        out.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(out) + "\n"


async def latency(text: str, name: str, edits: int) -> list[float]:
    """Seconds from each edit to its diagnostics."""
    client = LanguageClient("bench", "1")
    arrived: dict[int, float] = {}
    waiting: dict[int, asyncio.Future] = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        if params.version is not None:
            arrived[params.version] = time.perf_counter()
            if params.version in waiting:
                waiting[params.version].set_result(len(params.diagnostics))

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        return None

    await client.start_io(sys.executable, "-m", "dipterm", "lsp")
    caps = types.ClientCapabilities()
    await client.initialize_async(types.InitializeParams(capabilities=caps, root_uri=ROOT.as_uri()))
    client.initialized(types.InitializedParams())
    uri = (ROOT / name).as_uri()
    loop = asyncio.get_running_loop()
    waiting[1] = loop.create_future()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "markdown", 1, text))
    )
    findings = await asyncio.wait_for(waiting[1], 60)
    lines = text.count("\n")
    times = []
    for version in range(2, edits + 2):
        waiting[version] = loop.create_future()
        where = types.Position(lines // 2, 0)
        change = types.TextDocumentContentChangePartial(types.Range(where, where), "Yes. ")
        sent = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=version, uri=uri), [change]
            )
        )
        await asyncio.wait_for(waiting[version], 60)
        times.append(arrived[version] - sent)
        await asyncio.sleep(0.1)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    print(f"    {findings} findings in the document")
    return times


def cli_lint(text: str, name: str) -> float:
    """Median seconds of ``dipterm lint`` on the same text as a file (warm: the cache is fresh)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, "utf-8")
        command = [sys.executable, "-m", "dipterm", "--glossary", str(ROOT / "glossary"), "lint", str(path)]
        subprocess.run(command, capture_output=True, check=False)
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=False)
            runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=20, help="edits timed per document")
    args = parser.parse_args()
    for lang in ("en", "vi"):
        for words in (2_000, 20_000):
            text = draft(lang, words)
            name = f"bench-draft.{lang}.md"
            print(f"{lang} draft, {len(text.split()):,} words:")
            times = sorted(asyncio.run(latency(text, name, args.edits)))
            median, worst = statistics.median(times), times[-1]
            cli = cli_lint(text, name)
            print(
                f"    edit -> diagnostics: median {median * 1000:.0f} ms, worst {worst * 1000:.0f} ms "
                f"(of {len(times)} edits); dipterm lint as a command: {cli * 1000:.0f} ms "
                f"(ratio {median / cli:.2f})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
