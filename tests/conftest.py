"""Shared fixtures: the bundled seed page, test data, and a guard that keeps every test offline."""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path

import pytest

from kg.data import seed_pages

TEST_DATA = Path(__file__).parent / "data"


def _is_loopback(address: object) -> bool:
    if isinstance(address, tuple) and address:
        host = address[0]
    else:
        return True  # Unix sockets and the like
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class NetworkAccess(AssertionError):
    """A test tried to reach a non-loopback address."""


_GUARD_ACTIVE = False


def _audit(event: str, args: tuple[object, ...]) -> None:
    if not _GUARD_ACTIVE:
        return
    if event == "socket.connect" and not _is_loopback(args[1]):
        raise NetworkAccess(f"test tried to open a network connection to {args[1]!r}")
    if (
        event == "socket.getaddrinfo"
        and args
        and args[0] not in (None, "localhost", "127.0.0.1", "::1")
    ):
        host = args[0]
        try:
            if ipaddress.ip_address(str(host)).is_loopback:
                return
        except ValueError:
            pass
        raise NetworkAccess(f"test tried to resolve the host name {host!r}")


sys.addaudithook(_audit)


@pytest.fixture(autouse=True)
def offline() -> object:
    """Fail any test that opens a non-loopback socket or resolves a remote host."""
    global _GUARD_ACTIVE
    _GUARD_ACTIVE = True
    try:
        yield
    finally:
        _GUARD_ACTIVE = False


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The bundled seed page (one issue of 中华放射学杂志)."""
    return seed_pages()[0]


@pytest.fixture(scope="session")
def test_data() -> Path:
    return TEST_DATA
