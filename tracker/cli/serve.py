"""`tracker serve`: the terminal app in a browser, for a team, read-only.

Each browser tab runs its own `tracker tui` process (textual-serve starts one
per connection) on the same store, opened read-only: the database itself
refuses every write, so a link shared with a team cannot change the record.
The store is named to the app processes through the environment, never on a
command line where `ps` would show a URL's password.
"""

from __future__ import annotations

import ipaddress
import os
import shlex
import sys

import click

from tracker.cli.group import StoreOpener, cli, tracker_of

LOOPBACK_NAMES = {"localhost", "ip6-localhost"}


@cli.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but this machine is warned about: there is no login.",
)
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port to listen on.",
)
@click.option(
    "--public-url",
    metavar="URL",
    help="The address browsers use, when it differs (a proxy, a host name).",
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, public_url: str | None) -> None:
    """Serve the app to browsers, read-only: one app per tab, on this store."""
    from textual_serve.server import Server

    opener: StoreOpener = ctx.find_object(StoreOpener)  # type: ignore[assignment]
    # Opened here once, as the app will: a missing or foreign store fails now, not per
    # tab; a default store not yet made is made (and seeded) here, as on any first use.
    url = tracker_of(ctx).store.engine.url
    opener.close()
    _check_free(host, port)
    if not is_loopback(host):
        click.echo(
            f"Warning: serving on {host}: anyone who can reach port {port} can read the "
            "whole store (read-only, no login); put it behind your own access control.",
            err=True,
        )
    os.environ["TRACKER_URL"] = url.render_as_string(hide_password=False)
    os.environ["TRACKER_READ_ONLY"] = "1"
    os.environ.pop("TRACKER_DB", None)
    command = shlex.join([sys.executable, "-m", "tracker", "tui"])
    shown = url.render_as_string(hide_password=True)
    click.echo(f"Serving {shown} read-only on http://{host}:{port} (Ctrl+C stops)", err=True)
    Server(command, host=host, port=port, title="tracker", public_url=public_url).serve()


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_free(host: str, port: int) -> None:
    """A port already taken is one line now, not a traceback from the web server later."""
    import socket  # here, not at the top: every command's start-up would pay for it

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        message = f"cannot resolve {host!r}: {error.strerror}"
        raise click.BadParameter(message, param_hint="--host") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            raise click.ClickException(f"cannot serve on {host}:{port}: {error.strerror}") from None
