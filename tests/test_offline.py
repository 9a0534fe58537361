"""The autouse guard in conftest keeps the suite offline; prove it bites."""

from __future__ import annotations

import socket

import pytest

from tests.conftest import NetworkAccess


def test_remote_connection_is_refused() -> None:
    with pytest.raises(NetworkAccess):
        socket.create_connection(("192.0.2.1", 80), timeout=0.01)


def test_remote_name_lookup_is_refused() -> None:
    with pytest.raises(NetworkAccess):
        socket.getaddrinfo("example.org", 80)


def test_loopback_is_allowed() -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.create_connection(server.getsockname(), timeout=1)
    client.close()
    server.close()
