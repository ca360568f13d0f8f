"""A throwaway PostgreSQL cluster for tests and benchmarks: `initdb` in a temporary folder, `pg_ctl`
start on a free loopback port, and stop plus removal afterwards. As root (CI runs as root), the cluster
belongs to the `postgres` user, since `initdb` refuses to run as root."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def find_binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return candidates[0] if candidates else None


def missing() -> str | None:
    """Why no cluster can be started here, or None when one can."""
    for name in ("initdb", "pg_ctl"):
        if find_binary(name) is None:
            return f"PostgreSQL's {name} is not installed (apt-get install postgresql-15)"
    if os.geteuid() == 0 and (shutil.which("runuser") is None or _uid("postgres") is None):
        return "running as root needs the 'postgres' user and runuser to start a PostgreSQL cluster"
    return None


def _uid(user: str) -> int | None:
    import pwd

    try:
        return pwd.getpwnam(user).pw_uid
    except KeyError:
        return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    def __init__(self, folder: Path, port: int) -> None:
        self.folder = folder
        self.port = port
        self.data = folder / "data"

    password = "interviewer-test"

    def url_for(self, database: str = "postgres", password: str | None = None) -> str:
        return f"postgresql://postgres:{password or self.password}@127.0.0.1:{self.port}/{database}"

    @property
    def url(self) -> str:
        return self.url_for()

    def create_database(self, name: str) -> str:
        """A fresh, empty database on this cluster; its URL."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url_for(name)

    def _run(self, *argv: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        done = subprocess.run([*prefix, *argv], capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            log = (self.folder / "log").read_text() if (self.folder / "log").exists() else ""
            raise RuntimeError(f"{argv[0]} failed ({done.returncode}): {done.stderr.strip()} {log[-2000:]}")

    def start(self, *, durable: bool = False, max_connections: int = 300) -> Cluster:
        """`durable=False` turns fsync off (tests: the server itself never crashes there); benchmarks
        measure with the defaults."""
        pw = __import__("pwd").getpwnam("postgres") if os.geteuid() == 0 else None
        if pw is not None:
            os.chown(self.folder, pw.pw_uid, pw.pw_gid)
        pwfile = self.folder / "pw"
        pwfile.write_text(self.password + "\n")
        if pw is not None:
            os.chown(pwfile, pw.pw_uid, pw.pw_gid)
        # TCP connections need the password (so a wrong one can be tested); the socket is trusted
        self._run(find_binary("initdb") or "initdb", "-D", str(self.data), "--auth-local=trust",
                  "--auth-host=scram-sha-256", f"--pwfile={pwfile}", "-U", "postgres", "--no-sync", "-E", "UTF8",
                  "--locale=C")
        options = [f"-p {self.port}", f"-k {self.folder}", "-c listen_addresses=127.0.0.1",
                   f"-c max_connections={max_connections}"]
        if not durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        self._run(find_binary("pg_ctl") or "pg_ctl", "-D", str(self.data), "-o", " ".join(options),
                  "-l", str(self.folder / "log"), "-w", "-t", "60", "start")
        return self

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._run(find_binary("pg_ctl") or "pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")


@contextlib.contextmanager
def cluster(**options: object) -> Iterator[Cluster]:
    folder = Path(tempfile.mkdtemp(prefix="interviewer-pg-"))
    c = Cluster(folder, free_port())
    try:
        c.start(**options)  # type: ignore[arg-type]
        yield c
    finally:
        c.stop()
        shutil.rmtree(folder, ignore_errors=True)
