"""The web editor's local backend for `make edit`: decap-server, on 127.0.0.1 only.

Not a build step: `invoke edit` starts it beside the preview. It writes straight into
the files of the content folder (decap-server's "fs" mode), so every save shows in
the preview at once; nothing is committed or pushed. Messages are in Dutch: the
team starts it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from kernel.problems import TeamError

HOST = "127.0.0.1"
SERVER = Path("decap-server") / "dist" / "index.js"


class LocalBackendError(TeamError, RuntimeError):
    """The local backend cannot start; the message says why and what to do, in Dutch."""


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Node listens: closed connections do not count
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def is_listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.2)
        return probe.connect_ex((HOST, port)) == 0


def start(repository: Path, port: int, node_modules: Path, *, quiet: bool = False,
          timeout: float = 15.0) -> subprocess.Popen:
    """Start decap-server for `repository` (the folder that holds content/) on 127.0.0.1:`port`."""
    node = shutil.which("node")
    if node is None:
        raise LocalBackendError("Node.js ontbreekt: installeer het (bijvoorbeeld: apt install nodejs npm) "
                                "en voer daarna 'npm ci' uit in de map van de site.")
    script = Path(node_modules) / SERVER
    if not script.is_file():
        raise LocalBackendError(f"{script} ontbreekt. Oplossing: voer 'npm ci' uit in de map van de site.")
    if not port_is_free(port):
        raise LocalBackendError(
            f"Poort {port} is al in gebruik, misschien door een andere webeditor. Sluit die, of kies een "
            f"andere poort in pelicanconf.py: ADMIN['local_port'] = {port + 1}")
    env = {**os.environ, "PORT": str(port), "BIND_HOST": HOST, "MODE": "fs",
           "GIT_REPO_DIRECTORY": str(Path(repository).resolve()), "LOG_LEVEL": "error" if quiet else "info"}
    silent = {"stdout": subprocess.DEVNULL, "stderr": subprocess.STDOUT} if quiet else {}
    process = subprocess.Popen([node, str(script)], cwd=repository, env=env, **silent)
    deadline = time.monotonic() + timeout
    while not is_listening(port):
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            raise LocalBackendError(f"De lokale opslag van de webeditor (decap-server) startte niet op poort {port}.")
        time.sleep(0.05)
    return process


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
