"""A faster ``__init__`` for the engine's hot frozen dataclasses (effects and results).

(The former ``builder``, which built a mutable twin and then reassigned ``__class__``, is gone:
about a microsecond per value was not worth an instance changing class under the reader.)

A ``@dataclass(frozen=True, slots=True)`` initialises each field with ``object.__setattr__``,
which goes through the generic attribute machinery and cost about 1.1 µs for a four-field
effect — a play builds eight such values. `fast_init` swaps in an ``__init__`` with the same
signature and defaults that stores each field through its slot descriptor directly (about half
the cost). Nothing else changes: instances stay frozen (``__setattr__`` / ``__delattr__`` still
raise ``FrozenInstanceError``), and equality, hashing, ``repr``, ``replace`` and pattern matching
are the dataclass's own.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

__all__ = ["fast_init"]

C = TypeVar("C", bound=type)


def fast_init_checks(cls: type) -> None:
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__}: needs a frozen, slotted dataclass")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: __post_init__ is not supported")
    for f in dataclasses.fields(cls):
        if not f.init or f.kw_only or f.default_factory is not dataclasses.MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: only plain fields are supported")


def fast_init(cls: C) -> C:
    """Class decorator, applied *above* ``@dataclass(frozen=True, slots=True)``."""
    fast_init_checks(cls)
    namespace: dict[str, Any] = {}
    args: list[str] = []
    body: list[str] = []
    for index, f in enumerate(dataclasses.fields(cls)):
        setter = f"_set_{index}"
        namespace[setter] = cls.__dict__[f.name].__set__
        if f.default is dataclasses.MISSING:
            args.append(f.name)
        else:
            namespace[f"_default_{index}"] = f.default
            args.append(f"{f.name}=_default_{index}")
        body.append(f"    {setter}(self, {f.name})")
    source = f"def __init__(self, {', '.join(args)}):\n" + ("\n".join(body) or "    pass") + "\n"
    exec(source, namespace)  # noqa: S102 - generated from the dataclass's own field names
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    generated = cls.__dict__["__init__"]  # the dataclass's own
    init.__annotations__ = dict(getattr(generated, "__annotations__", {}))
    init.__doc__ = generated.__doc__
    type.__setattr__(cls, "__init__", init)
    return cls
