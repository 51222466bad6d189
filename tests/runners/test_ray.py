"""The Ray runner (issue 10, part 3) on a real local Ray cluster of two CPUs, started once for this module.

``claimgraph ingest --engine ray --workers 2`` must give a store whose export is byte-identical to the local
runner's on the same inputs, skip unchanged inputs before any work, and record (not crash on) a bad input.
"""

from __future__ import annotations

import filecmp
import logging
import shutil
import socket
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.cli import cli
from claimgraph.config import Settings
from claimgraph.demo import corpus_path
from claimgraph.errors import ConfigError
from claimgraph.records import RawDocument
from claimgraph.runners import LocalRunner, make_runner
from claimgraph.runners.ray import RayRunner, _check_reachable

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[object]:
    """A local Ray instance with 2 CPUs, no dashboard and a short temp dir (socket paths are length-limited)."""
    ray = pytest.importorskip("ray")
    temp = tempfile.mkdtemp(prefix="cg_ray_", dir="/tmp")
    ray.init(address="local", num_cpus=2, include_dashboard=False, object_store_memory=100 * 1024**2,
             _temp_dir=temp, logging_level=logging.WARNING)
    try:
        yield ray
    finally:
        ray.shutdown()
        shutil.rmtree(temp, ignore_errors=True)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus plus inputs that cannot be used: a binary file, an empty one, a broken JSON Lines record."""
    folder = tmp_path_factory.mktemp("ray_corpus") / "in"
    shutil.copytree(corpus_path(), folder)
    (folder / "zz_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (folder / "zz_empty.md").write_text("", encoding="utf-8")
    (folder / "zz_feed.jsonl").write_text(
        '{"title": "Talks in Ankara", "text": "Turkey and Russia held talks in Ankara on 3 May 2021 about '
        'the S-400 deliveries, officials said."}\n{not json\n', encoding="utf-8")
    return folder


def _cli(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    return result.exit_code, result.stderr


def test_ray_export_is_byte_identical_to_local(ray_cluster: object, corpus: Path, tmp_path: Path) -> None:
    code_local, err_local = _cli(tmp_path / "local.db", "ingest", "--silent", str(corpus))
    code_ray, err_ray = _cli(tmp_path / "ray.db", "ingest", "--silent", "--engine", "ray", "--workers", "2",
                             str(corpus))
    # the bad inputs are reported and skipped (exit 1), not a crash; both runners say the same
    assert code_local == code_ray == 1, err_ray
    assert err_ray == err_local
    assert "zz_binary.txt: skipped:binary" in err_ray and "zz_feed.jsonl#2: skipped:malformed" in err_ray
    for name in ("local", "ray"):
        code, err = _cli(tmp_path / f"{name}.db", "export", str(tmp_path / f"out_{name}"))
        assert code == 0, err
    files = sorted(p.name for p in (tmp_path / "out_local").iterdir())
    assert "events.jsonl" in files and (tmp_path / "out_local" / "events.jsonl").stat().st_size > 0
    match, mismatch, errors = filecmp.cmpfiles(tmp_path / "out_local", tmp_path / "out_ray", files, shallow=False)
    assert mismatch == [] and errors == [] and match == files

    # incremental: inputs already in the store are skipped before any processing, with either engine
    code, err = _cli(tmp_path / "ray.db", "ingest", "--silent", "--engine", "ray", str(corpus))
    assert code == 1 and "13 unchanged" in err, err


def test_ray_runner_one_model_load_per_worker_in_input_order(ray_cluster: object) -> None:
    settings = Settings(events="v1")
    texts = [f"Russia delivered {n} S-400 launchers to India in March 2019, officials in Moscow said." for n in
             range(2, 14)]
    raws = [RawDocument(source=f"doc{i}.txt", data=t.encode()) for i, t in enumerate(texts)]
    with RayRunner(workers=2, batch_size=2) as runner:
        results = list(runner.run(raws, settings))
        info = runner.worker_info()
    assert [r.document.source for r in results] == [r.source for r in raws]
    assert all(r.document.ok and r.events for r in results)
    assert len(info) == 2 and len({w["pid"] for w in info}) == 2
    assert sum(w["documents"] for w in info) == len(raws)
    assert all(w["load_seconds"] > 0 for w in info)  # each actor loaded the model itself, once, at start
    local = list(LocalRunner().run(raws, settings))
    assert [r.document for r in results] == [r.document for r in local]
    assert [r.events for r in results] == [r.events for r in local]


def test_ray_bad_input_in_a_batch_is_recorded_not_fatal(ray_cluster: object) -> None:
    """An input the pipeline cannot even read (text where bytes belong) fails its whole batch task; the batch is
    retried one input per task and only the bad input ends as ``error:pipeline``, in its place."""
    good = "China and Russia signed a gas agreement in Beijing on 21 May 2014, the ministry said."
    raws = [RawDocument(source="a.txt", data=good.encode()),
            RawDocument(source="broken.txt", data=good),  # type: ignore[arg-type]
            RawDocument(source="c.txt", data=(good + " Talks went on.").encode())]
    with RayRunner(workers=2, batch_size=3) as runner:
        results = list(runner.run(raws, Settings(events="v1")))
    assert [r.document.source for r in results] == ["a.txt", "broken.txt", "c.txt"]
    assert [r.document.status for r in results] == ["ok", "error:pipeline", "ok"]
    assert (results[1].document.error or "").startswith("[E201]") and "TypeError" in (results[1].document.error or "")


def test_ray_dead_worker_is_replaced_and_its_batch_retried(ray_cluster: object) -> None:
    """A worker process that dies (killed here, as the kernel's OOM killer would) loses no input."""
    ray = ray_cluster
    raws = [RawDocument(source=f"d{i}.txt", data=f"India bought {i + 2} Su-30 jets from Russia in 2019.".encode())
            for i in range(6)]
    settings = Settings(events="v1")
    with RayRunner(workers=2, batch_size=1) as runner:
        assert len(list(runner.run(raws[:2], settings))) == 2
        dead = runner._pool.actors[0] if runner._pool else None
        ray.kill(dead)  # type: ignore[attr-defined]
        results = list(runner.run(raws, settings))
        assert runner._pool is not None and runner._pool.actors[0] is not dead
    assert [r.document.source for r in results] == [r.source for r in raws]
    assert all(r.document.ok for r in results)


def test_ray_engine_options_are_checked() -> None:
    code, err = _cli(Path("/tmp/scale_unused.db"), "ingest", "--address", "auto", "x")
    assert code == 2 and "--engine ray" in err
    code, err = _cli(Path("/tmp/scale_unused.db"), "ingest", "--engine", "ray", "--processes", "2", "x")
    assert code == 2 and "--workers" in err
    with pytest.raises(ConfigError) as info:
        make_runner("spark")
    assert info.value.code == "E003"
    assert make_runner("local").name == "local"


def test_ray_unreachable_address_fails_fast() -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens on it
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(ConfigError) as info:  # checked before ray.init, which would retry for minutes
        _check_reachable(f"127.0.0.1:{port}", timeout=2)
    assert info.value.code == "E003" and "ray start --head" in str(info.value)


def test_ray_missing_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # what an install without the [ray] extra looks like
    runner = RayRunner(workers=1)
    with pytest.raises(ConfigError) as info:
        list(runner.run([], Settings()))
    assert info.value.code == "E002" and "claimgraph[ray]" in str(info.value)
