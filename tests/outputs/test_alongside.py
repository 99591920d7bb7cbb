"""parallel.in_background: an output made by a second process while the build goes on."""

from __future__ import annotations

import errno
import os
import time

import pytest
from dienhinh.parallel import in_background


def _pid_and_value() -> tuple[int, str]:
    return os.getpid(), "chỉ mục"


def _disk_full() -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_the_result_comes_from_another_process_and_one_worker_keeps_it_in_this_one():
    with in_background(_pid_and_value, workers=2) as result:
        pid, value = result()
    assert pid != os.getpid() and value == "chỉ mục"
    with in_background(_pid_and_value, workers=1) as result:
        assert result() == (os.getpid(), "chỉ mục")


def test_its_error_is_raised_in_the_caller():
    with in_background(_disk_full, workers=2) as result:
        with pytest.raises(OSError) as raised:
            result()
    assert raised.value.errno == errno.ENOSPC


def test_leaving_the_block_first_stops_it_before_it_writes(tmp_path):
    late = tmp_path / "late"

    def slow() -> None:
        time.sleep(3)
        late.write_text("written", encoding="utf-8")

    started = time.monotonic()
    with pytest.raises(RuntimeError):
        with in_background(slow, workers=2):
            raise RuntimeError("the renderer failed")
    time.sleep(3.5 - (time.monotonic() - started))
    assert not late.exists()
