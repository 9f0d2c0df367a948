"""URLs that cannot even be parsed (a broken bracketed host, an unbracketed IPv6 address read
as a port, a port out of range) are one input-error line, exit 2, on every command that
fetches — never a traceback."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.errors import InputError
from extractor.scrape.fetch import split_url

URLS = ["http://[/x]/", "http://2002:7f00:1::/", "http://example.com:99999/"]


@pytest.mark.parametrize("command", ["audit", "extract", "scrape"])
@pytest.mark.parametrize("url", URLS)
def test_the_cli_gives_one_line_and_exit_2(command, url):
    result = CliRunner().invoke(app, [command, url])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines() == [f"error: not a valid URL: {url} ({_reason(url)})"]


def _reason(url: str) -> str:
    with pytest.raises(InputError) as raised:
        split_url(url)
    return raised.value.message.rsplit(" (", 1)[1].rstrip(")")


def test_well_formed_urls_pass():
    assert split_url("https://[2001:db8::1]:8443/a?b=c").port == 8443
