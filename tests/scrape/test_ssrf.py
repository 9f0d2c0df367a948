"""SSRF: every address that is not on the public internet is refused before any connection —
cloud metadata, carrier-grade NAT, multicast, and IPv6 forms that wrap a private IPv4 address —
at the first hop and after every redirect, in the fetcher, the CLI and the API. The resolver
and the transport fail the test if they are called when they should not be."""

from __future__ import annotations

import socket

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from extractor.api import create_app
from extractor.cli import app as cli
from extractor.errors import FetchError
from extractor.scrape.fetch import Fetcher, FetchPolicy

REFUSED = [
    "http://100.100.100.200/latest/meta-data/",  # cloud metadata (in 100.64.0.0/10)
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/",  # carrier-grade NAT
    "http://224.0.0.1/",  # multicast
    "http://0.0.0.0/",
    "http://10.1.2.3:8080/admin",
    "http://[2002:a9fe:a9fe::1]/",  # 6to4 wrapping 169.254.169.254
    "http://[::ffff:127.0.0.1]/",  # IPv4-mapped loopback
    "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 wrapping 169.254.169.254
    "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",  # Teredo
    "http://[fd00::1]/",
    "http://localhost./",
    "http://api.localhost/",
]


def no_network(*args, **kwargs):
    raise AssertionError("no DNS query or connection may happen for a refused address")


@pytest.fixture
def offline(monkeypatch):
    """Resolver and sockets that fail the test when touched."""
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)


def guarded_fetcher(handler=no_network) -> Fetcher:
    client = httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=False)
    return Fetcher(FetchPolicy(per_host_interval=0, retries=0), client=client)


@pytest.mark.parametrize("url", REFUSED)
def test_non_public_addresses_are_refused_without_any_connection(offline, url):
    with pytest.raises(FetchError, match="private or local"):
        guarded_fetcher().get(url, use_cache=False)


def test_a_name_resolving_to_a_private_address_is_refused_before_connecting(monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "",
                                                                 ("100.100.100.200", 80))])
    with pytest.raises(FetchError, match=r"100\.100\.100\.200"):
        guarded_fetcher().get("http://metadata.example/", use_cache=False)


def test_a_redirect_to_a_private_address_is_refused_before_following_it(offline):
    requested = []

    def public_site(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(302, headers={"Location": "http://[2002:a9fe:a9fe::1]/latest/meta-data/"})

    with pytest.raises(FetchError, match="private or local"):
        guarded_fetcher(public_site).get("http://93.184.215.14/story", use_cache=False)
    assert requested == ["http://93.184.215.14/robots.txt", "http://93.184.215.14/story"]


def test_public_addresses_pass():
    from ipaddress import ip_address

    from extractor.scrape.fetch import public

    assert public(ip_address("93.184.215.14")) and public(ip_address("2606:4700::1111"))
    assert public(ip_address("2002:5db8:d70e::1"))  # 6to4 of a public address


def test_the_cli_refuses_the_metadata_address(offline):
    result = CliRunner().invoke(cli, ["scrape", "http://100.100.100.200/latest/meta-data/"])
    assert result.exit_code == 4 and "private or local" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("url", ["http://100.100.100.200/latest/meta-data/", "http://[2002:a9fe:a9fe::1]/",
                                 "http://localhost./"])
def test_the_api_refuses_them_too(offline, tmp_path, url):
    client = TestClient(create_app(str(tmp_path / "s.sqlite")))
    response = client.post("/v1/audit", json={"url": url})
    assert response.status_code == 400 and "private or local" in response.json()["error"]


def test_the_connection_goes_to_the_address_that_was_checked(monkeypatch):
    """DNS rebinding: the second answer for the name is private; the fetcher never asks for it
    because it connects to the checked address, naming the host in Host and TLS SNI."""
    answers = iter(["93.184.215.14", "169.254.169.254", "169.254.169.254", "169.254.169.254"])
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, port, *a, **k: [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))])
    seen = []

    def site(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.host, request.headers["host"], request.extensions.get("sni_hostname")))
        return httpx.Response(200, headers={"Content-Type": "text/html"}, text="<html><p>story</p></html>")

    fetcher = guarded_fetcher(site)
    fetcher.policy.obey_robots = False
    with pytest.raises(FetchError, match="169.254.169.254"):
        fetcher.get("https://rebind.example/story", use_cache=False)
    assert seen == []  # the private second answer was refused; nothing connected to it


def test_a_checked_public_name_is_fetched_from_its_checked_address(monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, port, *a, **k: [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port))])
    seen = []

    def site(request: httpx.Request) -> httpx.Response:
        seen.append((str(request.url), request.headers["host"], request.extensions.get("sni_hostname")))
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(200, headers={"Content-Type": "text/html"}, text="<html><p>story</p></html>")

    page = guarded_fetcher(site).get("https://news.example:8443/story", use_cache=False)
    assert "story" in page.text and page.url == "https://news.example:8443/story"
    assert seen[-1] == ("https://93.184.215.14:8443/story", "news.example:8443", "news.example")
