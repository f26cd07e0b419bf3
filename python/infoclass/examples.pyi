# SPDX-License-Identifier: Apache-2.0
from infoclass import Model

__all__ = ["municipality"]

def municipality() -> Model: ...
