# SPDX-License-Identifier: Apache-2.0
"""ModelError and the guard that keeps every public call's errors in it.

Every bad input to the package raises ``ModelError`` (a ``ValueError``) with
``where`` (asset id, ``asset/property``, ``file:line``, a DataFrame row or a JSON
pointer; ``""`` when there is none) and ``reason``; a file that cannot be read
or written raises the matching ``OSError`` subclass with the path.
"""
from __future__ import annotations

import errno as _errno
import functools as _functools
import inspect as _inspect
import os as _os
from collections.abc import Callable
from typing import Any, Optional, TypeVar


class ModelError(ValueError):
    """Bad input: ``str(e)`` is ``where: reason``; ``e.where`` and ``e.reason`` the parts."""

    def __init__(self, message: str = "", where: Optional[str] = None, reason: Optional[str] = None) -> None:
        super().__init__(message)
        if where is None and reason is None:
            where, sep, rest = message.partition(": ")
            where, reason = (where, rest) if sep else ("", message)
        self.where = where or ""
        self.reason = reason if reason is not None else message

    def __reduce__(self):
        return (ModelError, (str(self), self.where, self.reason))


def _raised_by_core(message: str) -> bool:
    return "incompatible function arguments" in message or "incompatible constructor arguments" in message


def _describe(args: Any, kwargs: Any) -> str:
    parts = [type(a).__name__ for a in args] + [f"{k}={type(v).__name__}" for k, v in kwargs.items()]
    return ", ".join(parts)


F = TypeVar("F", bound=Callable[..., Any])


def guard(func: F, name: str) -> F:
    """Wraps a public callable: a TypeError, AttributeError or ValueError from an
    argument of the wrong type or shape (pybind's "incompatible function
    arguments", or Python's own inside the call) becomes ModelError naming the
    call; a call with the wrong number of arguments stays a TypeError, as
    Python's convention is. No cost when nothing fails."""
    try:
        signature = _inspect.signature(func)
    except (TypeError, ValueError):  # builtins without a signature
        signature = None

    @_functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ModelError:
            raise
        except (TypeError, AttributeError, ValueError) as e:
            if signature is not None and isinstance(e, TypeError):
                try:
                    signature.bind(*args, **kwargs)
                except TypeError:
                    raise e from None  # wrong arity or an unknown keyword: a programming error
            own = args and (isinstance(args[0], type) or type(args[0]).__module__.startswith("infoclass"))
            shown = args[1:] if own else args
            if _raised_by_core(str(e)):
                reason = f"an argument has the wrong type ({_describe(shown, kwargs)}); see help({name})"
            else:
                reason = f"{e} ({_describe(shown, kwargs)})"
            raise ModelError(f"{name}: {reason}", name, reason) from None

    return wrapper  # type: ignore[return-value]


def guard_class(cls: type, prefix: str = "infoclass") -> type:
    """guard() on every public method, classmethod and staticmethod of ``cls``."""
    for attr, value in list(vars(cls).items()):
        if attr.startswith("_") and attr not in ("__init__", "__getitem__", "__contains__"):
            continue
        name = f"{prefix}.{cls.__name__}.{attr}"
        if isinstance(value, classmethod):
            setattr(cls, attr, classmethod(guard(value.__func__, name)))
        elif isinstance(value, staticmethod):
            setattr(cls, attr, staticmethod(guard(value.__func__, name)))
        elif _inspect.isfunction(value):
            setattr(cls, attr, guard(value, name))
    return cls


def os_error(path: Any, err: int) -> OSError:
    """The OSError subclass of ``err`` (FileNotFoundError, IsADirectoryError, ...) for ``path``."""
    return OSError(err, _os.strerror(err), _os.fspath(path))


def check_writable(path: Any) -> str:
    """Raises the OSError a write of ``path`` would meet: a directory, a missing
    folder, a folder without write permission. Returns the path as str."""
    path = _os.fspath(path)
    if _os.path.isdir(path):
        raise os_error(path, _errno.EISDIR)
    folder = _os.path.dirname(_os.path.abspath(path))
    if not _os.path.isdir(folder):
        raise os_error(path, _errno.ENOENT if not _os.path.exists(folder) else _errno.ENOTDIR)
    if not _os.access(folder, _os.W_OK | _os.X_OK):
        raise os_error(path, _errno.EACCES)
    return path


def check_readable(path: Any) -> str:
    """Raises FileNotFoundError, IsADirectoryError or PermissionError for ``path``."""
    path = _os.fspath(path)
    if not _os.path.exists(path):
        raise os_error(path, _errno.ENOENT)
    if _os.path.isdir(path):
        raise os_error(path, _errno.EISDIR)
    if not _os.access(path, _os.R_OK):
        raise os_error(path, _errno.EACCES)
    return path
