"""The benchmark's HTTP client side: wait for the server, sign in through the login form (CSRF cookie and token) or
the token endpoint, and write wrk's list of requests as a Lua table."""

# ruff: noqa: S310 - http:// addresses of the local server the benchmark started
from __future__ import annotations

import json
import re
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from bench.build import PASSWORD


@dataclass(frozen=True)
class Signed:
    """A browser's session: the cookies to send with -H."""

    session: str
    csrf: str

    def headers(self) -> dict[str, str]:
        return {"Cookie": f"sessionid={self.session}; csrftoken={self.csrf}"}


def wait_for(url: str, server: subprocess.Popen[Any], timeout: float = 120) -> None:
    """Until the server answers `url` with 200 (collectstatic runs first); fails if it exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped with {server.returncode}; see var/bench/server-*.log")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own local server
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"no answer from {url} in {timeout:.0f} s")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _cookies(headers: Any) -> dict[str, str]:
    """name -> value of each Set-Cookie (read by hand: the cookies are Secure, which a cookie jar keeps off HTTP)."""
    found = {}
    for header in headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def sign_in(base: str, email: str) -> Signed:
    """POST the login form as a browser does: the CSRF cookie and the form's token, then keep the session cookie."""
    with urllib.request.urlopen(base + "/accounts/login/") as page:  # noqa: S310 - our own local server
        html = page.read().decode()
        csrf = _cookies(page.headers)["csrftoken"]
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not found:
        raise RuntimeError("no CSRF token on the login page")
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": found.group(1), "username": email,
                                   "password": PASSWORD}).encode()
    request = urllib.request.Request(base + "/accounts/login/", data=form, headers={"Cookie": f"csrftoken={csrf}"})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        answer = opener.open(request)
        headers = answer.headers
    except urllib.error.HTTPError as exc:  # the 302 onwards, unfollowed
        headers = exc.headers
    cookies = _cookies(headers)
    if "sessionid" not in cookies:
        raise RuntimeError(f"signing in as {email} gave no session cookie")
    return Signed(session=cookies["sessionid"], csrf=cookies.get("csrftoken", csrf))


def token(base: str, email: str) -> str:
    """An API token for this person, from POST /api/v1/auth/token."""
    body = json.dumps({"email": email, "password": PASSWORD, "name": "bench"}).encode()
    request = urllib.request.Request(base + "/api/v1/auth/token", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:  # noqa: S310 - our own local server
        return str(json.loads(response.read())["token"])


def get_json(url: str, api: str) -> dict[str, Any]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {api}"})
    with urllib.request.urlopen(request) as response:  # noqa: S310 - our own local server
        found: dict[str, Any] = json.loads(response.read())
        return found


def fetch(url: str, headers: dict[str, str]) -> int:
    """GET `url`: its status."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60) as response:  # noqa: S310
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def _lua(value: Any) -> str:
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string of ASCII (\uXXXX aside) is a Lua string too
    if isinstance(value, dict):
        return "{" + ", ".join(f"[{_lua(k)}] = {_lua(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "{" + ", ".join(_lua(v) for v in value) + "}"
    raise TypeError(type(value))


def lua_items(items: list[dict[str, Any]]) -> str:
    """The requests as the Lua file wrk.lua reads: `return {{method = ..., path = ..., ...}, ...}`."""
    return "return " + _lua(items) + "\n"
