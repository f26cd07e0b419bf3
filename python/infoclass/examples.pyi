from infoclass import Model

__all__ = ["municipality"]

def municipality() -> Model: ...
