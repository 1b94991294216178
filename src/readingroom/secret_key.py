"""The key that signs sessions, password-reset links and the like: READINGROOM_SECRET_KEY, or else one made for the
archive when a command first runs and kept in its data directory (`secret_key`, readable by its owner alone)."""

import os
import secrets
import tempfile
from pathlib import Path

# Published with the source, so it protects nothing: used only where no key was given or kept (code that imports
# the settings without starting anything), and refused by every command, `serve` among them, unless debugging.
PUBLIC_KEY = "readingroom-insecure-key-set-READINGROOM_SECRET_KEY"
FILE_NAME = "secret_key"


def secret_key(home: Path) -> str:
    """READINGROOM_SECRET_KEY, or the key kept in `home`, or else PUBLIC_KEY."""
    given = os.environ.get("READINGROOM_SECRET_KEY", "").strip()
    if given:
        return given
    try:
        return (home / FILE_NAME).read_text().strip() or PUBLIC_KEY
    except FileNotFoundError:
        return PUBLIC_KEY


def keep_secret_key(home: Path) -> None:
    """Unless READINGROOM_SECRET_KEY is given, make a key in `home` if it has none. Written to a file of mode 600
    first and then linked into place, so that two processes starting at once keep the first one's key, whole."""
    path = home / FILE_NAME
    if os.environ.get("READINGROOM_SECRET_KEY", "").strip() or path.exists():
        return
    descriptor, draft = tempfile.mkstemp(dir=home, prefix=f".{FILE_NAME}-")  # mkstemp makes it mode 600
    try:
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_urlsafe(50) + "\n")
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(draft)


def public_key_refused(key: str, debug: bool) -> str:
    """Why the archive must not start with `key` ("" if it may)."""
    if key != PUBLIC_KEY or debug:
        return ""
    return (
        "the secret key is the public one in readingroom's source: set READINGROOM_SECRET_KEY to a long random "
        f"string, or unset it to have one made and kept in the data directory's {FILE_NAME} file"
    )
